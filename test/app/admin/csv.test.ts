import { initAdminI18n } from './fakes';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_SEPARATOR, attemptsCsv } from '../../../src/app/features/admin/results/attemptsCsv';
import { i18n } from '../../../src/app/i18n';
import type { AdminAttempt } from '../../../src/shared/protocol';

// Node has no localStorage; initI18n only reads it for the saved language.
beforeAll(() => {
  globalThis.localStorage ??= { getItem: () => null, setItem: () => undefined } as unknown as Storage;
  return initAdminI18n();
});

const base: AdminAttempt = {
  id: 'a1',
  courseId: 'etika-berakhlak',
  quizId: 'post-test',
  kind: 'post',
  scaled: 0.855,
  passed: true,
  flagged: false,
  overLimit: false,
  finishedAt: '2026-11-20T02:30:00Z',
  userId: 'u1',
  userName: 'Siti Rahmawati',
  unit: 'Disdukcapil',
  clientScaled: null,
};

const build = (attempts: AdminAttempt[]): string =>
  attemptsCsv({ attempts, t: i18n.t.bind(i18n), courseTitle: () => 'Etika & BerAKHLAK' });
const lines = (csv: string): string[] => csv.slice(1).trimEnd().split('\r\n');

describe('attemptsCsv', () => {
  it('starts with a UTF-8 BOM and a header row, then one row per attempt', () => {
    const csv = build([
      base,
      { ...base, id: 'a2', userName: 'Budi' },
      { ...base, id: 'a3', userName: 'Ni Luh Putu Ayu' },
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = lines(csv);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.split(CSV_SEPARATOR)).toEqual([
      'Peserta',
      'Unit kerja',
      'Pelatihan',
      'Kuis',
      'Jenis',
      'Skor server (%)',
      'Skor ponsel (%)',
      'Skor berbeda',
      'Lulus',
      'Selesai',
    ]);
    expect(rows.slice(1).map((row) => row.split(CSV_SEPARATOR)[0])).toEqual([
      'Siti Rahmawati',
      'Budi',
      'Ni Luh Putu Ayu',
    ]);
  });

  it('writes the server score as a whole percent, the phone score beside it, and the flag', () => {
    const [, row] = lines(build([{ ...base, scaled: 0.4, passed: false, flagged: true, clientScaled: 0.9 }]));
    expect(row!.split(CSV_SEPARATOR).slice(4, 9)).toEqual(['Post-test', '40', '90', 'Ya', 'Tidak']);
  });

  it('quotes separators and quotes, and defuses cells Excel would run as formulas', () => {
    const [, row] = lines(build([{ ...base, userName: 'Dr. "Ani"; M.Si', unit: '=HYPERLINK("http://x")' }]));
    expect(row!.startsWith('"Dr. ""Ani""; M.Si";"\'=HYPERLINK(""http://x"")";')).toBe(true);
  });
});
