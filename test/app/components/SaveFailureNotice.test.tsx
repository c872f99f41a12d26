// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SaveFailureNotice } from '../../../src/app/components/SaveFailureNotice';
import { initI18n } from '../../../src/app/i18n';
import { reportSaveFailure } from '../../../src/app/stores/saveFailure';

beforeAll(() => initI18n('id'));
afterEach(cleanup);

describe('SaveFailureNotice', () => {
  it('tells the learner in plain Indonesian that a step was not saved as the phone is full, until dismissed', () => {
    render(<SaveFailureNotice />);
    expect(screen.queryByRole('alert')).toBeNull();

    // How Dexie reports a full disk: an AbortError wrapping the QuotaExceededError.
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    act(() => reportSaveFailure(Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota })));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Langkah terakhir Bapak/Ibu belum tersimpan di ponsel.');
    expect(alert.textContent).toContain('Ruang penyimpanan ponsel penuh. Hapus pelatihan lain di menu Penyimpanan');

    fireEvent.click(screen.getByRole('button', { name: 'Tutup' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
