// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import AkpkScreen from '../../../../../src/app/features/admin/akpk/AkpkScreen';
import {
  akpkApi,
  type AkpkPeriod,
  type AkpkSummary,
  type AkpkValidationList,
  type CompetencyImport,
  type NewPeriod,
} from '../../../../../src/shared/protocol/akpk';
import { setLanguage } from '../../../../../src/app/i18n';
import { choose, initAdminI18n, signInAs, stubFetch } from '../fakes';

/** Issue 14.1 from the admin's side: open a period, read the needs per OPD, validate answers without an atasan. */
const period: AkpkPeriod = {
  id: '0193a1b2-0000-7000-8000-0000000000p1',
  year: 2026,
  startsOn: '2026-11-01',
  endsOn: '2026-11-30',
  competencies: [{ code: 'M1', name: 'Integritas', type: 'manajerial', jabatan: null, opd: null, requiredLevel: null }],
};
const m1 = {
  opd: 'Dinas Kesehatan',
  competency: 'M1',
  name: 'Integritas',
  respondents: 2,
  withGap: 1,
  meanGap: 0.5,
  priorityScore: 3,
  nips: ['199305182020121005'],
};
const summary: AkpkSummary = {
  rows: [m1],
  top: [m1],
  responseRates: [
    { opd: 'Dinas Kesehatan', active: 4, answered: 2, approved: 1 },
    { opd: 'Bappeda', active: 1, answered: 0, approved: 0 },
  ],
  notAnswered: [{ name: 'Budi Santoso', nip: '199001012015031001', opd: 'Bappeda' }],
};
const andi = {
  userId: '0193a1b2-0000-7000-8000-0000000000a1',
  name: 'Andi Pratama',
  nip: '199305182020121005',
  opd: 'Dinas Kesehatan',
  answeredAt: '2026-11-20T03:00:00.000Z',
  items: [{ competencyId: 'M1', name: 'Integritas', selfLevel: 1, requiredLevel: 2, priority: 3 }],
  validations: [],
  validated: false,
};

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await setLanguage('id');
});

describe('AkpkScreen', () => {
  it('shows the needs, response rate and who has not answered; the OPD filter asks the server for it', async () => {
    const calls = stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [period] }),
      [`GET ${akpkApi.summary(period.id)}`]: () => Response.json(summary),
      [`GET ${akpkApi.summary(period.id, 'Bappeda')}`]: () =>
        Response.json({ ...summary, rows: [], top: [], responseRates: [summary.responseRates[1]] }),
      [`GET ${akpkApi.validations(period.id)}`]: () => Response.json({ people: [] }),
    });
    render(<AkpkScreen />);
    const needs = (await screen.findByText('Kebutuhan per OPD dan kompetensi')).nextElementSibling?.nextElementSibling;
    const row = within(needs as HTMLElement)
      .getByText('Integritas')
      .closest('tr') as HTMLElement;
    expect([...row.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual([
      'Dinas Kesehatan',
      'Integritas (M1)',
      '2',
      '1',
      '0,5',
      '3',
    ]);
    expect(screen.getByText('50%')).toBeDefined(); // 2 of 4 answered
    expect(screen.getByText(/Budi Santoso — 199001012015031001/)).toBeDefined();
    choose(await screen.findByRole('combobox', { name: 'OPD' }), 'Bappeda');
    expect(await screen.findByText('Belum ada kebutuhan: belum ada jawaban dengan kesenjangan.')).toBeDefined();
    expect(calls.some((call) => call.url === akpkApi.summary(period.id, 'Bappeda'))).toBe(true);
  });

  it("validates answers of someone without an atasan at the admin's level, and shows who validated", async () => {
    let validated = false;
    const calls = stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [period] }),
      [`GET ${akpkApi.summary(period.id)}`]: () => Response.json(summary),
      [`GET ${akpkApi.validations(period.id)}`]: () =>
        Response.json({
          people: [
            validated
              ? {
                  ...andi,
                  validated: true,
                  validations: [{ by: 'Admin BKPSDM', at: '2026-11-21T03:00:00.000Z', via: 'admin' }],
                }
              : andi,
          ],
        } satisfies AkpkValidationList),
      [`POST ${akpkApi.validate(period.id, andi.userId)}`]: () => {
        validated = true;
        return new Response(null, { status: 204 });
      },
    });
    render(<AkpkScreen />);
    expect(await screen.findByText('Integritas: level diri 1, standar 2, prioritas 3')).toBeDefined();
    // Andi rated himself 1; the admin, knowing his certificate, validates 2.
    choose(screen.getByRole('combobox', { name: 'Level hasil validasi Integritas' }), '2');
    fireEvent.click(screen.getByRole('button', { name: 'Validasi jawaban Andi Pratama' }));
    expect(await screen.findByText('Jawaban terakhir sudah divalidasi.')).toBeDefined();
    expect(screen.getByText(/^Divalidasi oleh Admin BKPSDM pada/)).toBeDefined();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { items: [{ competencyId: 'M1', selfLevel: 2, priority: 3 }] },
    ]);
  });

  it('opens a period with an admin-set level, the CSV’s competencies (errors listed) and a catalog topic', async () => {
    const imported: CompetencyImport = {
      competencies: [
        { code: 'T1', name: 'Asuhan keperawatan', type: 'teknis', jabatan: 'Perawat', opd: null, requiredLevel: 3 },
      ],
      errors: [{ row: 4, code: 'invalid_level', value: '7', limit: 5, message: 'Baris 4: level_standar "7" salah.' }],
    };
    const calls = stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [] }),
      [`GET ${akpkApi.topics}`]: () =>
        Response.json({
          topics: [
            { code: 'T1', name: 'Kursus bernama T1', type: 'topik', jabatan: null, opd: null, requiredLevel: null },
            {
              code: 'etika-berakhlak',
              name: 'Etika Pemerintahan',
              type: 'topik',
              jabatan: null,
              opd: null,
              requiredLevel: null,
            },
          ],
        }),
      [`POST ${akpkApi.competencies}`]: () => Response.json(imported),
      [`POST ${akpkApi.periods}`]: () => Response.json({ id: period.id }, { status: 201 }),
    });
    render(<AkpkScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Buka periode AKPK baru' }));
    choose(screen.getByRole('combobox', { name: 'Level standar Integritas' }), '4');
    const file = new File(['kode;nama;jabatan;level_standar\r\n'], 'teknis.csv', { type: 'text/csv' });
    // A browser sets `files` and fires `change` (testing-library's would become `input` under preact/compat).
    const input = screen.getByLabelText('Berkas CSV atau XLSX kompetensi teknis');
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    expect(
      await screen.findByText(
        'Baris 4: level_standar "7" harus bilangan bulat 1–5 (kosongkan agar mengikuti jenis jabatan).',
      ),
    ).toBeDefined();
    expect(screen.getByText('Asuhan keperawatan')).toBeDefined();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Etika Pemerintahan' }));
    // A course whose id is a CSV code cannot be chosen as well: one code, one question.
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Kursus bernama T1' }).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /^Buka periode AKPK 20\d\d$/ }));
    await vi.waitFor(() =>
      expect(calls.some((call) => call.method === 'POST' && call.url === akpkApi.periods)).toBe(true),
    );
    const sent = calls.find((call) => call.method === 'POST' && call.url === akpkApi.periods)?.body as NewPeriod;
    expect(sent.competencies.map((competency) => [competency.code, competency.requiredLevel])).toEqual([
      ['M1', 4],
      ['T1', 3],
      ['etika-berakhlak', null],
    ]);
  });
  it('says at the field when a date is outside the period’s year or the year before, and sends nothing', async () => {
    const calls = stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [] }),
      [`GET ${akpkApi.topics}`]: () => Response.json({ topics: [] }),
    });
    render(<AkpkScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Buka periode AKPK baru' }));
    fireEvent.input(screen.getByLabelText('Tahun'), { target: { value: '2026' } });
    fireEvent.input(screen.getByLabelText('Tanggal mulai'), { target: { value: '0001-01-01' } });
    fireEvent.input(screen.getByLabelText('Tanggal selesai'), { target: { value: '9999-12-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buka periode AKPK 2026' }));
    const message =
      'Mohon Bapak/Ibu memilih tanggal antara 2025-01-01 dan 2026-12-31: ' +
      'periode AKPK 2026 berlangsung pada tahun 2026 atau tahun sebelumnya.';
    expect((await screen.findByText(message)).getAttribute('data-field')).toBe('startsOn');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    // The end date alone, and in English.
    await setLanguage('en');
    fireEvent.input(screen.getByLabelText('Start date'), { target: { value: '2025-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open survey period 2026' }));
    const alert = await screen.findByText(
      'Please choose a date between 2025-01-01 and 2026-12-31: an AKPK 2026 period runs in 2026 or the year before.',
    );
    expect(alert.getAttribute('data-field')).toBe('endsOn');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('shows the server’s refusal of a date at its field, not as a general failure', async () => {
    const issue = {
      code: 'custom',
      path: ['endsOn'],
      message: 'a day from 2025-01-01 to 2026-12-31',
      params: { code: 'day_out_of_range', from: '2025-01-01', to: '2026-12-31' },
    };
    stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [] }),
      [`GET ${akpkApi.topics}`]: () => Response.json({ topics: [] }),
      [`POST ${akpkApi.periods}`]: () =>
        Response.json(
          {
            error: {
              code: 'bad_request',
              message: 'The request body does not have the expected shape',
              details: [issue],
            },
          },
          { status: 400 },
        ),
    });
    render(<AkpkScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Buka periode AKPK baru' }));
    fireEvent.input(screen.getByLabelText('Tahun'), { target: { value: '2026' } });
    fireEvent.input(screen.getByLabelText('Tanggal mulai'), { target: { value: '2026-03-01' } });
    fireEvent.input(screen.getByLabelText('Tanggal selesai'), { target: { value: '2026-03-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buka periode AKPK 2026' }));
    const alert = await screen.findByText(/^Mohon Bapak\/Ibu memilih tanggal antara 2025-01-01 dan 2026-12-31/);
    expect(alert.getAttribute('data-field')).toBe('endsOn');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('sends an XLSX as one and shows the server’s reason when the workbook cannot be read at all', async () => {
    const reason = 'Berkas XLSX rusak atau tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.';
    stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [] }),
      [`GET ${akpkApi.topics}`]: () => Response.json({ topics: [] }),
      [`POST ${akpkApi.competencies}`]: () =>
        Response.json(
          {
            error: {
              code: 'invalid_competency_file',
              message: reason,
              details: { code: 'unreadable', reason: 'broken_xlsx', message: reason },
            },
          },
          { status: 422 },
        ),
    });
    const stubbed = globalThis.fetch;
    const types: (string | undefined)[] = [];
    vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) => {
      if (input === akpkApi.competencies) types.push(new Headers(init.headers).get('content-type') ?? undefined);
      return stubbed(input, init);
    });
    render(<AkpkScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Buka periode AKPK baru' }));
    const input = screen.getByLabelText('Berkas CSV atau XLSX kompetensi teknis');
    expect(input.getAttribute('accept')).toContain('.xlsx');
    const file = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], 'Kompetensi Teknis.XLSX');
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    expect(await screen.findByText(reason)).toBeDefined();
    expect(types).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });

  it('words a refused file and the rows left out in the reader’s language, from the server’s codes', async () => {
    const answers = [
      Response.json({
        competencies: [],
        errors: [
          { row: 2, code: 'unstorable_text', column: 'nama', message: 'Baris 2: pesan server.' },
          { row: 3, code: 'duplicate_code', value: 'T1', otherRow: 2, message: 'Baris 3: pesan server.' },
        ],
      } satisfies CompetencyImport),
      Response.json(
        {
          error: {
            code: 'invalid_competency_file',
            message: 'Pesan server.',
            details: { code: 'unreadable', reason: 'too_many_fields', limit: 256, message: 'Pesan server.' },
          },
        },
        { status: 422 },
      ),
    ];
    stubFetch({
      [`GET ${akpkApi.periods}`]: () => Response.json({ periods: [] }),
      [`GET ${akpkApi.topics}`]: () => Response.json({ topics: [] }),
      [`POST ${akpkApi.competencies}`]: () => answers.shift() ?? Response.error(),
    });
    await setLanguage('en');
    render(<AkpkScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open a new survey period' }));
    const input = screen.getByLabelText('CSV or XLSX file of technical competencies');
    const send = (name: string) => {
      Object.defineProperty(input, 'files', { value: [new File(['kode;nama'], name)], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    send('teknis.csv');
    expect(await screen.findByText(/^Row 2: column nama holds characters that cannot be stored/)).toBeDefined();
    expect(screen.getByText('Row 3: kode T1 is already used in row 2.')).toBeDefined();
    send('lebar.csv');
    expect(
      await screen.findByText(
        'A row holds more than 256 columns. Check the column separator (semicolon, comma or tab) and remove ' +
          'the columns that are not needed.',
      ),
    ).toBeDefined();
    // The list of the file before is gone: nothing of it would be taken.
    expect(screen.queryByText('Row 3: kode T1 is already used in row 2.')).toBeNull();
  });
});
