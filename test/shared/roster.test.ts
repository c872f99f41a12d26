import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/shared/password-policy';
import { normalizeGolongan, normalizeRosterText, rosterProblems, type RosterRecord } from '../../src/shared/roster';

const siti: RosterRecord = {
  nip: '199207212019032001',
  name: 'Siti Rahmawati',
  status: 'PNS',
  jabatan: 'Pengadministrasi Kependudukan',
  jenisJabatan: 'Pelaksana',
  golongan: 'III/a',
  unit: 'Bidang Pelayanan',
  opd: 'Dinas Kependudukan dan Pencatatan Sipil',
  atasanNip: '197806152003121004',
};

describe('roster rules', () => {
  it('writes a golongan the roster way, whatever the spreadsheet typed', () => {
    expect(normalizeGolongan(' iii / A ', 'PNS')).toBe('III/a');
    expect(normalizeGolongan('IV/e', 'CPNS')).toBe('IV/e');
    expect(normalizeGolongan('ix', 'PPPK')).toBe('IX');
    expect(normalizeGolongan('XVII', 'PPPK')).toBe('XVII');
    expect(normalizeGolongan('IV/e', 'PPPK')).toBeNull();
    expect(normalizeGolongan('IX', 'PNS')).toBeNull();
    expect(normalizeGolongan('II/e', 'PNS')).toBeNull();
    expect(normalizeGolongan('XVIII', 'PPPK')).toBeNull();
  });

  it('tidies names so one OPD is one OPD', () => {
    expect(normalizeRosterText('  Dinas   Kesehatan\t')).toBe('Dinas Kesehatan');
    // Copied from a web page: a zero-width space and a right-to-left mark, invisible in Excel.
    expect(normalizeRosterText('\u200bDinas \u200fKesehatan\u202e ')).toBe('Dinas Kesehatan');
    expect(normalizeRosterText('\u200b\u2060')).toBe('');
    // Combining marks alone are no default-ignorable characters, yet print as nothing.
    expect(normalizeRosterText('\u0301\u0301\u200b')).toBe('');
    expect(normalizeRosterText('Rene\u0301')).toBe('René');
  });

  it('finds nothing wrong with a complete entry', () => {
    expect(rosterProblems(siti)).toEqual([]);
  });

  it('reports every problem at once, per field', () => {
    expect(
      rosterProblems({
        ...siti,
        status: 'PPPK',
        name: '',
        golongan: 'III/a',
        jabatan: 'x'.repeat(201),
        atasanNip: siti.nip,
      }),
    ).toEqual([
      { field: 'nip', code: 'invalid_nip' },
      { field: 'name', code: 'required' },
      { field: 'jabatan', code: 'too_long' },
      { field: 'golongan', code: 'invalid_golongan' },
      { field: 'atasanNip', code: 'own_atasan' },
    ]);
  });

  it('accepts a PPPK atasan', () => {
    expect(rosterProblems({ ...siti, atasanNip: '198302072021212004' })).toEqual([]);
  });
});

describe('password policy', () => {
  it.each([
    ['pendek', 'too_short'],
    ['x'.repeat(201), 'too_long'],
    ['sandi19920721', 'contains_nip'],
    ['Bismillah', 'too_common'],
    ['aaaaaaaaaa', 'too_common'],
  ] as const)('refuses %j (%s)', (password, problem) => {
    expect(passwordProblem(password, '199207212019032001')).toBe(problem);
  });

  it('refuses the current password again, whatever its case (the admin knows a one-time one)', () => {
    expect(passwordProblem('ABCD-EFGH-JKLM', '199207212019032001', 'abcd-efgh-jklm')).toBe('same_as_current');
    expect(passwordProblem('kopi pagi di kantor', '199207212019032001', 'ABCD-EFGH-JKLM')).toBeNull();
  });

  it('accepts a long phrase of ordinary words', () => {
    expect(passwordProblem('kopi pagi di kantor', '199207212019032001')).toBeNull();
  });
});
