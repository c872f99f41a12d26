import { initAdminI18n } from '../fakes';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_SEPARATOR, attemptsCsv } from '../../../../../src/app/features/admin/results/attemptsCsv';
import { i18n } from '../../../../../src/app/i18n';
import type { AdminAttempt } from '../../../../../src/shared/protocol';

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
  nip: '199207212019032001',
  unit: 'Disdukcapil',
  clientScaled: null,
  grants: [],
  decidable: true,
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
      'NIP',
      'Unit kerja',
      'Pelatihan',
      'Kuis',
      'Jenis',
      'Skor server (%)',
      'Skor ponsel (%)',
      'Skor berbeda',
      'Lulus',
      'Remedial',
      'Selesai',
    ]);
    // The NIP stays text: 18 digits, no exponent, no lost leading digits.
    expect(rows[1]!.split(CSV_SEPARATOR)[1]).toBe('199207212019032001');
    expect(rows.slice(1).map((row) => row.split(CSV_SEPARATOR)[0])).toEqual([
      'Siti Rahmawati',
      'Budi',
      'Ni Luh Putu Ayu',
    ]);
  });

  it('writes the server score as a whole percent, the phone score beside it, and the flag', () => {
    const [, row] = lines(build([{ ...base, scaled: 0.4, passed: false, flagged: true, clientScaled: 0.9 }]));
    expect(row!.split(CSV_SEPARATOR).slice(5, 10)).toEqual(['Post-test', '40', '90', 'Ya', 'Tidak']);
  });

  it('says a pre-test is not judged, and lists remedial grants with their reasons', () => {
    const [, pre] = lines(build([{ ...base, kind: 'pre', passed: null }]));
    expect(pre!.split(CSV_SEPARATOR)[9]).toBe('Tidak dinilai (pre-test)');
    const [, granted] = lines(
      build([
        {
          ...base,
          grants: [
            { extra: 1, reason: 'Sakit saat ujian' },
            { extra: 2, reason: 'Remedial setelah pendampingan' },
          ],
        },
      ]),
    );
    expect(granted!.split(CSV_SEPARATOR)[10]).toBe('1: Sakit saat ujian | 2: Remedial setelah pendampingan');
  });

  it('quotes separators and quotes, and defuses cells Excel would run as formulas', () => {
    const [, row] = lines(build([{ ...base, userName: 'Dr. "Ani"; M.Si', unit: '=HYPERLINK("http://x")' }]));
    expect(row!.startsWith('"Dr. ""Ani""; M.Si";199207212019032001;"\'=HYPERLINK(""http://x"")";')).toBe(true);
  });
});
