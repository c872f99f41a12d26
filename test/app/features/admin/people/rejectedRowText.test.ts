import { i18n } from '../../../../../src/app/i18n';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejectedRowText } from '../../../../../src/app/features/admin/people/rejectedRowText';
import { initAdminI18n } from '../fakes';

beforeAll(() => initAdminI18n());

describe('rejectedRowText', () => {
  it('names the column a NIP kept as a number is in: the NIP or the atasan NIP', () => {
    const t = i18n.t.bind(i18n);
    const row = { row: 7, nip: '199804042023042012', code: 'nip_as_number' as const, message: '' };
    expect(rejectedRowText(t, { ...row, field: 'nip' })).toContain('Format kolom NIP sebagai Teks');
    expect(rejectedRowText(t, { ...row, field: 'atasanNip' })).toContain('Format kolom NIP atasan sebagai Teks');
  });
});
