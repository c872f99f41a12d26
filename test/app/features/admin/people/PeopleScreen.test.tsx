// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import PeopleScreen from '../../../../../src/app/features/admin/people/PeopleScreen';
import { PersonForm } from '../../../../../src/app/features/admin/people/PersonForm';
import RosterScreen from '../../../../../src/app/features/admin/people/RosterScreen';
import { setLanguage } from '../../../../../src/app/i18n';
import type { IssuedPassword } from '../../../../../src/shared/protocol/people';
import { XLSX_MEDIA_TYPE, type RosterImportResult } from '../../../../../src/shared/protocol/roster-import';
import { FakeXhr, initAdminI18n, signInAs, stubFetch, stubXhr } from '../fakes';

const preview: RosterImportResult = {
  dryRun: true,
  rows: 3,
  created: 1,
  updated: 1,
  unchanged: 0,
  rejected: [
    {
      row: 4,
      nip: '12345',
      code: 'invalid_nip',
      field: 'nip',
      value: 'PNS',
      message: 'NIP tidak valid untuk status PNS.',
    },
    {
      row: 5,
      nip: '199305182020121006',
      code: 'unstorable_text',
      field: 'name',
      message: 'Kolom Nama memuat karakter yang tidak dapat disimpan.',
    },
  ],
  changes: [
    { row: 2, nip: '199602142021012002', name: 'Lestari', kind: 'created', fields: [] },
    {
      row: 3,
      nip: '198803032012012002',
      name: 'Rina',
      kind: 'updated',
      fields: [{ field: 'unit', from: 'Puskesmas A', to: 'Puskesmas B' }],
    },
  ],
  missing: [{ id: '0b8e7a52-9d7e-4a51-9f43-1f3f4d6b2a10', nip: '199305182020121005', name: 'Andi', opd: 'Dinkes' }],
  missingCount: 1,
  needPasswords: [{ opd: 'Dinkes', count: 1 }],
};

beforeAll(initAdminI18n);
beforeEach(() => {
  signInAs('admin');
  stubXhr();
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await setLanguage('id');
});

/** A browser sets `files` and fires `change` (see upload.test.tsx for why not `fireEvent.change`). */
async function chooseFile(name: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('input[name="roster"]');
  if (input === null) throw new Error('no file input');
  Object.defineProperty(input, 'files', { value: [new File(['NIP;Nama'], name)] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const submit = screen.getByRole<HTMLButtonElement>('button', { name: 'Lihat pratinjau' });
  await vi.waitFor(() => expect(submit.disabled).toBe(false));
}

describe('roster import screen', () => {
  it('previews first (dryRun), lists rejected rows and changes, then applies the same file', async () => {
    render(<RosterScreen />);
    await chooseFile('pegawai.xlsx');
    fireEvent.click(screen.getByRole('button', { name: 'Lihat pratinjau' }));
    const sent = FakeXhr.last;
    expect(sent?.url).toBe('/api/admin/roster?dryRun=true');
    expect(sent?.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    sent?.progress(50, 100);
    expect(await screen.findByRole('progressbar')).toHaveProperty('ariaValueNow', '50');
    sent?.respond(200, preview);
    expect(await screen.findByText(/Pratinjau: 3 baris/)).toBeTruthy();
    expect(
      screen.getByText(
        'NIP tidak valid untuk status PNS: 18 digit (tanggal lahir, TMT CPNS, jenis kelamin, nomor urut).',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText(/^Kolom Nama memuat karakter yang tidak dapat disimpan \(karakter kendali NUL/),
    ).toBeTruthy();
    expect(screen.getByText('Unit kerja: Puskesmas A → Puskesmas B')).toBeTruthy();
    // Nobody can be deactivated from a preview: choosing comes after applying.
    expect(screen.queryByRole('checkbox')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Terapkan 2 perubahan' }));
    expect(FakeXhr.last?.url).toBe('/api/admin/roster');
    FakeXhr.last?.respond(200, { ...preview, dryRun: false });
    expect(await screen.findByText(/Selesai: 1 pegawai baru, 1 diperbarui/)).toBeTruthy();
    expect(screen.getByRole('checkbox')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Buat & cetak daftar kata sandi' })).toBeTruthy();
  });

  it('a file that is no roster says why, and that nothing changed', async () => {
    render(<RosterScreen />);
    await chooseFile('daftar.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Lihat pratinjau' }));
    expect(FakeXhr.last?.headers['content-type']).toBe('text/csv');
    FakeXhr.last?.respond(422, {
      error: {
        code: 'invalid_roster_file',
        message: 'Kolom wajib tidak ada: OPD.',
        details: { code: 'missing_columns', message: 'Kolom wajib tidak ada: OPD.', columns: ['OPD'] },
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kolom wajib tidak ada: OPD.');
    expect(alert.textContent).toContain('Tidak ada data yang diubah.');
  });

  it('says why a file or a row was refused in the reader’s language, from the codes and values sent', async () => {
    const refuse = async (details: object) => {
      fireEvent.click(screen.getByRole('button', { name: /^(Lihat pratinjau|Preview)$/ }));
      FakeXhr.last?.respond(422, {
        error: {
          code: 'invalid_roster_file',
          message: 'Pesan server.',
          details: { message: 'Pesan server.', ...details },
        },
      });
      return (await screen.findByRole('alert')).textContent;
    };
    render(<RosterScreen />);
    await chooseFile('pegawai.xlsx');
    expect(await refuse({ code: 'too_many_rows', limit: 50_000 })).toContain(
      'Berkas memuat lebih dari 50.000 baris. Bagi menjadi beberapa berkas (misalnya per OPD).',
    );
    expect(
      await refuse({ code: 'unreadable', reason: 'sheet_too_large', rows: 16_000, width: 256, limit: 4_000_000 }),
    ).toContain('Lembar kerja terlalu besar: 16.000 baris × 256 kolom, melewati batas 4.000.000 sel.');

    await setLanguage('en');
    expect(await refuse({ code: 'duplicate_column', columns: ['NIP Atasan'] })).toContain(
      'Column NIP Atasan appears more than once in the header row. Nothing was changed.',
    );
    expect(await refuse({ code: 'unreadable', reason: 'column_too_far', column: 'XFD', limit: 256 })).toContain(
      'The sheet has a value in column XFD, past the limit of 256 columns.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    FakeXhr.last?.respond(200, preview);
    expect(
      await screen.findByText(
        'Not a valid NIP for status PNS: 18 digits (date of birth, CPNS start, sex, sequence number).',
      ),
    ).toBeTruthy();
    expect(screen.getByText(/^Column Name holds characters that cannot be stored/)).toBeTruthy();
  });
});

describe('adding a person', () => {
  it('shows the one-time password the server issued, once', async () => {
    const issued: IssuedPassword = {
      person: {
        id: '5f0a3c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
        nip: '199602142021012002',
        name: 'Lestari',
        status: 'PNS',
        jabatan: '',
        jenisJabatan: null,
        golongan: null,
        unit: 'Bidang Angkutan',
        opd: 'Dinas Perhubungan',
        atasanNip: null,
        role: 'learner',
        aktif: true,
        lastSeenAt: null,
        hasPassword: true,
        mustChangePassword: true,
      },
      oneTimePassword: 'ABCD-EFGH-JKLM',
    };
    const calls = stubFetch({ 'POST /api/admin/people': () => Response.json(issued, { status: 201 }) });
    const created = vi.fn();
    render(<PersonForm onCreated={created} />);
    for (const [name, value] of [
      ['nip', '199602142021012002'],
      ['name', 'Lestari'],
      ['unit', 'Bidang Angkutan'],
      ['opd', 'Dinas Perhubungan'],
    ] as const) {
      const input = document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
      if (input === null) throw new Error(`no ${name}`);
      fireEvent.input(input, { target: { value } });
    }
    fireEvent.click(screen.getByRole('button', { name: 'Tambah pegawai' }));
    expect((await screen.findByTestId('one-time-password')).textContent).toBe('ABCD-EFGH-JKLM');
    await waitFor(() => expect(created).toHaveBeenCalledOnce());
    expect(calls[0]?.body).toMatchObject({ nip: '199602142021012002', opd: 'Dinas Perhubungan', role: 'learner' });
  });

  it('edits an existing person with PUT and shows no password', async () => {
    const person = {
      id: '5f0a3c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
      nip: '199602142021012002',
      name: 'Lestari',
      status: 'PNS' as const,
      jabatan: '',
      jenisJabatan: null,
      golongan: null,
      unit: 'Bidang Angkutan',
      opd: 'Dinas Perhubungan',
      atasanNip: null,
      role: 'learner' as const,
      aktif: true,
      lastSeenAt: null,
      hasPassword: true,
      mustChangePassword: false,
    };
    const calls = stubFetch({
      [`PUT /api/admin/people/${person.id}`]: () => Response.json({ person: { ...person, unit: 'Sekretariat' } }),
    });
    const saved = vi.fn();
    render(<PersonForm person={person} onCreated={saved} />);
    const unit = document.querySelector<HTMLInputElement>('input[name="unit"]');
    if (unit === null) throw new Error('no unit');
    expect(unit.value).toBe('Bidang Angkutan');
    fireEvent.input(unit, { target: { value: 'Sekretariat' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan perubahan' }));
    await waitFor(() => expect(saved).toHaveBeenCalledOnce());
    expect(calls[0]).toMatchObject({ method: 'PUT', body: { nip: person.nip, unit: 'Sekretariat' } });
    expect(screen.queryByTestId('one-time-password')).toBeNull();
  });
});

describe('the people list', () => {
  it('asks the server for the status, activity and account state picked; "Semua" drops a filter again', async () => {
    const calls = stubFetch({
      'GET /api/admin/people': () => Response.json({ people: [], next: null }),
      'GET /api/admin/people/opds': () => Response.json({ opds: [] }),
    });
    render(<PeopleScreen />);
    const pick = (name: string, value: string) => {
      const select = document.querySelector<HTMLSelectElement>(`.admin-people__filters select[name="${name}"]`);
      if (select === null) throw new Error(`no ${name} filter`);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const lastList = () => calls.filter((call) => call.url.startsWith('/api/admin/people?')).at(-1)?.url ?? '';
    await waitFor(() => expect(calls.some((call) => call.url === '/api/admin/people')).toBe(true));
    pick('status', 'PPPK');
    await waitFor(() => expect(lastList()).toContain('status=PPPK'));
    pick('activity', 'never');
    await waitFor(() => expect(lastList()).toContain('activity=never'));
    pick('aktif', 'false');
    await waitFor(() => expect(lastList()).toContain('aktif=false'));
    pick('status', '');
    await waitFor(() => expect(lastList()).not.toContain('status='));
    expect(lastList()).toContain('activity=never');
  });
});

describe('people waiting for an initial password', () => {
  it('the people screen offers the printable list per OPD after the roster import is gone', async () => {
    const calls = stubFetch({
      'GET /api/admin/people': () => Response.json({ people: [], next: null }),
      'GET /api/admin/people/opds': () =>
        Response.json({
          opds: [
            { opd: 'Dinkes', people: 5, active: 5, waitingPasswords: 2 },
            { opd: 'Disdik', people: 3, active: 3, waitingPasswords: 0 },
          ],
        }),
      'POST /api/admin/people/initial-passwords': () => Response.json({ passwords: [], remaining: 0 }),
    });
    render(<PeopleScreen />);
    const card = await screen.findByRole('region', { name: '2 pegawai belum punya kata sandi awal' });
    expect(card.textContent).toContain('Dinkes');
    expect(card.textContent).not.toContain('Disdik');
    fireEvent.click(screen.getByRole('button', { name: 'Buat & cetak daftar kata sandi' }));
    await waitFor(() =>
      expect(calls.find((call) => call.url === '/api/admin/people/initial-passwords')?.body).toEqual({ opd: 'Dinkes' }),
    );
  });
});
