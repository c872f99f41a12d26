import type { Role } from '../../../shared/protocol';
import {
  ROSTER_CHANGES_SHOWN,
  ROSTER_COLUMNS,
  ROSTER_MISSING_SHOWN,
  type MissingPerson,
  type RejectedRow,
  type RosterChange,
  type RosterImportResult,
  type RosterRowCode,
} from '../../../shared/protocol/roster-import';
import { normalizeRosterText, rosterProblems, type RosterRecord } from '../../../shared/roster';
import type { Queryable } from '../../db/db';
import { ApiError } from '../../http/api-error';
import type { Actor } from '../people';
import { recordAccountEvent } from '../account-events';
import {
  heldNips,
  ledBeyondOpdLearners,
  lockAtasanRights,
  nipsReservedForBkpsdm,
  withdrawOneTimePasswordsBeyondIssuer,
} from '../atasan-nips';
import { isStorableText, storableExcerpt } from '../../../shared/text';
import { TimeSlices } from '../time-slices';
import { COLUMN_LABELS, type RosterColumn } from './columns';
import { readRosterTable, type ReadOptions, type TableRow } from './read-table';
import { parseAktif, parseGolongan, parseJenisJabatan, parseNipCell, parseStatus } from './values';

/**
 * Roster import (issue 10.2): rows upsert by NIP. Every row is checked on its own, then against
 * the file (duplicates) and the roster (atasan, the OPD admin's scope); rejected rows change
 * nothing, the others are applied together in one transaction, so importing the same file twice
 * changes nothing the second time. Accounts are made without a password: the admin hands out
 * one-time passwords per OPD afterwards (`issueInitialPasswords`).
 *
 * A file holds up to 50,000 rows, and the server has one thread for every request: each loop
 * over the rows gives the event loop a turn every few milliseconds (`TimeSlices`), and the
 * database reads and writes them in statements of `ROWS_PER_STATEMENT` (embedded PGlite runs
 * each statement on this thread, in one piece), so a learner's sync or login waits at most
 * one slice, never the whole file.
 */

/** Serialises imports, so two at once cannot both create the same NIP or undo each other's diff. */
const IMPORT_LOCK = 0x526f7374; // "Rost"
/**
 * Rows read or written per statement: on PGlite 5,000 held the thread 0.1–0.3 s per statement
 * on a quiet machine (seconds at load 20); 1,000 stay within a time slice's budget, and on
 * PostgreSQL the extra round trips cost a few milliseconds of a 50,000-row import.
 */
const ROWS_PER_STATEMENT = 1000;

interface Existing {
  id: string;
  nip: string;
  role: Role;
  aktif: boolean;
  record: RosterRecord;
}

interface Accepted {
  row: number;
  record: RosterRecord;
  /** Null: the file has no Aktif column, or the cell is empty (keep what the account has; new ones are active). */
  aktif: boolean | null;
}

export async function importRoster(
  db: Queryable,
  actor: Actor,
  bytes: Uint8Array,
  { dryRun, ...read }: { dryRun: boolean } & ReadOptions,
): Promise<RosterImportResult> {
  const table = await readRosterTable(bytes, read);
  if (!table.ok) throw new ApiError(422, 'invalid_roster_file', table.problem.message, table.problem);
  if (dryRun) return planAndApply(db, actor, table.columns, table.rows, false);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    // Always after the import lock, never before it: one order, no deadlock.
    await lockAtasanRights(tx);
    return planAndApply(tx, actor, table.columns, table.rows, true);
  });
}

async function planAndApply(
  db: Queryable,
  actor: Actor,
  columns: ReadonlySet<RosterColumn>,
  rows: TableRow[],
  apply: boolean,
): Promise<RosterImportResult> {
  const rejected: RejectedRow[] = [];
  // What the file wrote is quoted back, cut short and made storable: a cell may hold anything.
  const reject = (row: number, nip: string, code: RosterRowCode, about: RowDetail = {}) => {
    const value = about.value === undefined ? undefined : storableExcerpt(about.value, 60);
    rejected.push({
      row,
      nip: storableExcerpt(nip, 40),
      code,
      ...(about.field === undefined ? {} : { field: about.field }),
      ...(value === undefined ? {} : { value }),
      message: rowMessage(code, { field: about.field, value }),
    });
  };

  // 1. Each row on its own. A NIP PostgreSQL cannot store is never looked up with it.
  const slices = new TimeSlices();
  const candidates: { row: TableRow; nip: string }[] = [];
  const nipsInFile = new Set<string>();
  for (const row of rows) {
    await slices.step();
    const nipText = row.cells.get('nip') ?? '';
    const cell = parseNipCell(nipText);
    if (!isStorableText(nipText)) reject(row.row, nipText.trim(), 'unstorable_text', { field: 'nip' });
    else if (!cell.ok) reject(row.row, nipText.trim(), cell.code, { field: 'nip' });
    else {
      candidates.push({ row, nip: cell.nip });
      nipsInFile.add(cell.nip);
    }
  }

  // 2. Against the file: a NIP twice is ambiguous, so no occurrence of it is applied.
  const rowsByNip = new Map<string, number[]>();
  for (const { row, nip } of candidates) {
    await slices.step();
    rowsByNip.set(nip, [...(rowsByNip.get(nip) ?? []), row.row]);
  }

  // 3. Against the roster: the accounts the file names.
  const existing = await loadExisting(db, [...nipsInFile]);

  const accepted = new Map<string, Accepted>();
  for (const { row, nip } of candidates) {
    await slices.step();
    const others = (rowsByNip.get(nip) ?? []).filter((other) => other !== row.row);
    if (others.length > 0) {
      reject(row.row, nip, 'duplicate_nip', { value: others.join(', ') });
      continue;
    }
    // Only this row is refused, so preview and apply keep the rest of the file alike.
    const unstorable = [...row.cells].find(([, text]) => !isStorableText(text));
    if (unstorable !== undefined) {
      reject(row.row, nip, 'unstorable_text', { field: unstorable[0] });
      continue;
    }
    const before = existing.get(nip);
    const parsed = parseRow(row, nip, columns, before?.record ?? null);
    if (!parsed.ok) {
      reject(row.row, nip, parsed.code, parsed);
      continue;
    }
    const scope = scopeProblem(actor, parsed.value.record, before, parsed.value.aktif);
    if (scope !== null) {
      reject(row.row, nip, scope);
      continue;
    }
    accepted.set(nip, parsed.value);
  }
  // An OPD admin's file may not create an account with a NIP people elsewhere name as atasan.
  const newNips = [...accepted.keys()].filter((nip) => !existing.has(nip));
  for (const nip of await nipsReservedForBkpsdm(db, actor, newNips)) {
    const entry = accepted.get(nip);
    accepted.delete(nip);
    if (entry !== undefined) reject(entry.row, nip, 'atasan_of_other_opd');
  }

  // 4. Every atasan must be in the roster or in an accepted row; a rejection can orphan another
  // row, so repeat until stable.
  const atasanNips = new Set<string>();
  for (const entry of accepted.values()) {
    await slices.step();
    if (entry.record.atasanNip !== null && !existing.has(entry.record.atasanNip))
      atasanNips.add(entry.record.atasanNip);
  }
  const knownAtasan = await heldNips(db, atasanNips);
  for (let changed = true; changed;) {
    changed = false;
    for (const [nip, entry] of accepted) {
      await slices.step();
      const atasan = entry.record.atasanNip;
      if (atasan === null || existing.has(atasan) || knownAtasan.has(atasan) || accepted.has(atasan)) continue;
      accepted.delete(nip);
      reject(entry.row, nip, 'unknown_atasan', { value: atasan });
      changed = true;
    }
  }
  rejected.sort((a, b) => a.row - b.row);

  // 5. What changes. `accepted` is in the file's order, so the first changes shown are the
  // first rows that change.
  const creates: Accepted[] = [];
  const updates: { before: Existing; after: Accepted; fields: RosterChange['fields'] }[] = [];
  const changes: RosterChange[] = [];
  const show = (entry: Accepted, kind: RosterChange['kind'], fields: RosterChange['fields']) => {
    if (changes.length < ROSTER_CHANGES_SHOWN)
      changes.push({ row: entry.row, nip: entry.record.nip, name: entry.record.name, kind, fields });
  };
  let unchanged = 0;
  for (const [nip, entry] of accepted) {
    await slices.step();
    const before = existing.get(nip);
    if (before === undefined) {
      creates.push(entry);
      show(entry, 'created', []);
      continue;
    }
    const fields = differences(before, entry);
    if (fields.length === 0) unchanged++;
    else {
      updates.push({ before, after: entry, fields });
      show(entry, 'updated', fields);
    }
  }

  // 6. Who the file leaves out, in the OPDs it covers (never silently deactivated).
  const opds =
    actor.role === 'admin' ? [...new Set([...accepted.values()].map((entry) => entry.record.opd))] : [actor.opd];
  const missing = await findMissing(db, opds, [...nipsInFile], actor.userId);

  if (apply) await write(db, actor, creates, updates);
  const needPasswords = await countWithoutPassword(db, actor, opds, apply ? [] : creates);

  return {
    dryRun: !apply,
    rows: rows.length,
    created: creates.length,
    updated: updates.length,
    unchanged,
    rejected,
    changes,
    missing: missing.people,
    missingCount: missing.count,
    needPasswords,
  };
}

/** What a row's reason names: the column, and what the file wrote there. */
interface RowDetail {
  field?: RosterColumn;
  value?: string;
}

type Parsed = { ok: true; value: Accepted } | ({ ok: false; code: RosterRowCode } & RowDetail);

/** One row as a roster entry: its columns over what the roster has (a column the file lacks keeps its value). */
function parseRow(row: TableRow, nip: string, columns: ReadonlySet<RosterColumn>, before: RosterRecord | null): Parsed {
  const cell = (column: RosterColumn): string => row.cells.get(column) ?? '';
  const status = parseStatus(cell('status'));
  if (status === null) return { ok: false, code: 'unknown_status', field: 'status', value: cell('status').trim() };

  let jenisJabatan = before?.jenisJabatan ?? null;
  if (columns.has('jenisJabatan')) {
    const text = cell('jenisJabatan').trim();
    jenisJabatan = text === '' ? null : parseJenisJabatan(text);
    if (text !== '' && jenisJabatan === null)
      return { ok: false, code: 'unknown_jenis_jabatan', field: 'jenisJabatan', value: text };
  }
  let golongan = before?.golongan ?? null;
  if (columns.has('golongan')) {
    const text = cell('golongan').trim();
    golongan = text === '' ? null : parseGolongan(text, status);
    if (text !== '' && golongan === null)
      return { ok: false, code: 'invalid_golongan', field: 'golongan', value: text };
  } else if (golongan !== null && parseGolongan(golongan, status) === null) {
    // A status change (PPPK → PNS) leaves a golongan of the old status: it cannot stay.
    return { ok: false, code: 'invalid_golongan', field: 'golongan', value: golongan };
  }
  let aktif: boolean | null = null;
  if (columns.has('aktif')) {
    const text = cell('aktif').trim();
    aktif = text === '' ? null : parseAktif(text);
    if (text !== '' && aktif === null) return { ok: false, code: 'invalid_aktif', field: 'aktif', value: text };
  }
  let atasanNip = before?.atasanNip ?? null;
  if (columns.has('atasanNip')) {
    const atasan = parseNipCell(cell('atasanNip'));
    if (!atasan.ok && atasan.code === 'nip_as_number')
      return { ok: false, code: 'nip_as_number', field: 'atasanNip', value: cell('atasanNip').trim() };
    atasanNip = atasan.ok ? atasan.nip : null;
  }
  const record: RosterRecord = {
    nip,
    name: normalizeRosterText(cell('name')),
    status,
    jabatan: columns.has('jabatan') ? normalizeRosterText(cell('jabatan')) : (before?.jabatan ?? ''),
    jenisJabatan,
    golongan,
    unit: normalizeRosterText(cell('unit')),
    opd: normalizeRosterText(cell('opd')),
    atasanNip,
  };
  const [problem] = rosterProblems(record);
  if (problem === undefined) {
    if (record.unit === '') return { ok: false, code: 'required', field: 'unit' };
    if (record.opd === '') return { ok: false, code: 'required', field: 'opd' };
    return { ok: true, value: { row: row.row, record, aktif } };
  }
  switch (problem.code) {
    case 'invalid_nip':
      return { ok: false, code: 'invalid_nip', field: 'nip', value: status };
    case 'required':
    case 'too_long':
    case 'invalid_atasan_nip':
    case 'own_atasan':
      return { ok: false, code: problem.code, field: problem.field };
    case 'invalid_golongan':
      return { ok: false, code: problem.code, field: problem.field, value: record.golongan ?? '' };
  }
}

/** What an OPD admin may not do: write another OPD, take a person from another OPD, touch an administrator. */
function scopeProblem(
  actor: Actor,
  record: RosterRecord,
  before: Existing | undefined,
  aktif: boolean | null,
): RosterRowCode | null {
  if (before !== undefined && before.id === actor.userId && aktif === false) return 'not_manageable';
  if (actor.role === 'admin') return null;
  if (record.opd !== actor.opd || (before !== undefined && before.record.opd !== actor.opd)) return 'other_opd';
  if (before !== undefined && before.role !== 'learner') return 'not_manageable';
  return null;
}

/**
 * The fields a change lists: every roster column but the NIP that finds the person and "aktif"
 * (an activation, reported on its own).
 */
const COMPARED = ROSTER_COLUMNS.filter(
  (column): column is Exclude<(typeof ROSTER_COLUMNS)[number], 'nip' | 'aktif'> =>
    column !== 'nip' && column !== 'aktif',
);

function differences(before: Existing, after: Accepted): RosterChange['fields'] {
  const fields: RosterChange['fields'] = COMPARED.filter((field) => before.record[field] !== after.record[field]).map(
    (field) => ({ field, from: before.record[field], to: after.record[field] }),
  );
  if (after.aktif !== null && after.aktif !== before.aktif)
    fields.push({ field: 'aktif', from: yesNo(before.aktif), to: yesNo(after.aktif) });
  return fields;
}

const yesNo = (value: boolean): string => (value ? 'Ya' : 'Tidak');

async function loadExisting(db: Queryable, nips: string[]): Promise<Map<string, Existing>> {
  const result = new Map<string, Existing>();
  for (const chunk of chunks(nips)) {
    const rows = await db.query<{
      id: string;
      nip: string;
      role: Role;
      aktif: boolean;
      name: string;
      status: RosterRecord['status'];
      jabatan: string;
      jenis_jabatan: RosterRecord['jenisJabatan'];
      golongan: string | null;
      unit: string;
      opd: string;
      atasan_nip: string | null;
    }>(
      `SELECT id, nip, role, aktif, name, status, jabatan, jenis_jabatan, golongan, unit, opd, atasan_nip
     FROM users WHERE nip IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(chunk)],
    );
    for (const row of rows)
      result.set(row.nip, {
        id: row.id,
        nip: row.nip,
        role: row.role,
        aktif: row.aktif,
        record: {
          nip: row.nip,
          name: row.name,
          status: row.status,
          jabatan: row.jabatan,
          jenisJabatan: row.jenis_jabatan,
          golongan: row.golongan,
          unit: row.unit,
          opd: row.opd,
          atasanNip: row.atasan_nip,
        },
      });
  }
  return result;
}

async function findMissing(
  db: Queryable,
  opds: string[],
  nips: string[],
  actorId: string | null,
): Promise<{ people: MissingPerson[]; count: number }> {
  if (opds.length === 0) return { people: [], count: 0 };
  const where = `aktif AND opd IN (SELECT jsonb_array_elements_text($1::jsonb))
    AND nip NOT IN (SELECT jsonb_array_elements_text($2::jsonb)) AND ($3::uuid IS NULL OR id <> $3)`;
  const params = [JSON.stringify(opds), JSON.stringify(nips), actorId];
  const [people, [count]] = await Promise.all([
    db.query<MissingPerson>(`SELECT id, nip, name, opd FROM users WHERE ${where} ORDER BY opd, name, id LIMIT $4`, [
      ...params,
      ROSTER_MISSING_SHOWN,
    ]),
    db.query<{ count: number }>(`SELECT count(*)::int AS count FROM users WHERE ${where}`, params),
  ]);
  return { people, count: count?.count ?? 0 };
}

/**
 * Active learners of the OPDs with no password yet (and, in a preview, those the import would
 * make) whose one-time passwords this actor may issue, as `issueInitialPasswords` counts them.
 */
async function countWithoutPassword(
  db: Queryable,
  actor: Actor,
  opds: string[],
  creates: Accepted[],
): Promise<{ opd: string; count: number }[]> {
  const counts = new Map<string, number>();
  if (opds.length > 0) {
    // OPD by OPD through its index: as a join, the planner takes the filter to match almost
    // nobody when `users` has no statistics (embedded PGlite never analyses it), and read the
    // OPD list again for each of 50,000 people — 4 s of a 50,000-row import at load 20.
    const rows = await db.query<{ opd: string; count: number }>(
      `SELECT o.opd, (SELECT count(*)::int FROM users u
         WHERE u.opd = o.opd AND u.password_hash IS NULL AND u.aktif AND u.role = 'learner'
           ${actor.role === 'admin' ? '' : `AND NOT ${ledBeyondOpdLearners('u.nip', 'u.opd')}`}) AS count
       FROM jsonb_array_elements_text($1::jsonb) AS o (opd)`,
      [JSON.stringify(opds)],
    );
    for (const row of rows) if (row.count > 0) counts.set(row.opd, row.count);
  }
  for (const entry of creates)
    if (entry.aktif !== false) counts.set(entry.record.opd, (counts.get(entry.record.opd) ?? 0) + 1);
  return [...counts].map(([opd, count]) => ({ opd, count })).sort((a, b) => a.opd.localeCompare(b.opd, 'id'));
}

async function write(
  db: Queryable,
  actor: Actor,
  creates: Accepted[],
  updates: { before: Existing; after: Accepted; fields: RosterChange['fields'] }[],
): Promise<void> {
  const events: { target_id: string; target_nip: string; action: string; opd: string; details: unknown }[] = [];
  for (const chunk of chunks(creates)) {
    const inserted = await db.query<{ id: string; nip: string; opd: string }>(
      `INSERT INTO users
         (nip, name, role, status, jabatan, jenis_jabatan, golongan, unit, opd, atasan_nip, aktif, password_hash)
       SELECT r.nip, r.name, 'learner', r.status, r.jabatan, r.jenis_jabatan, r.golongan, r.unit, r.opd, r.atasan_nip,
         r.aktif, NULL
       FROM jsonb_to_recordset($1::jsonb) AS r (nip text, name text, status text, jabatan text, jenis_jabatan text,
         golongan text, unit text, opd text, atasan_nip text, aktif boolean)
       RETURNING id, nip, opd`,
      [JSON.stringify(chunk.map((entry) => ({ ...columnsOf(entry.record), aktif: entry.aktif ?? true })))],
    );
    for (const row of inserted)
      events.push({
        target_id: row.id,
        target_nip: row.nip,
        action: 'create',
        opd: row.opd,
        details: { via: 'import' },
      });
  }
  for (const chunk of chunks(updates)) {
    await db.query(
      `UPDATE users u SET name = r.name, status = r.status, jabatan = r.jabatan, jenis_jabatan = r.jenis_jabatan,
         golongan = r.golongan, unit = r.unit, opd = r.opd, atasan_nip = r.atasan_nip, aktif = r.aktif,
           updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r (id uuid, name text, status text, jabatan text, jenis_jabatan text,
         golongan text, unit text, opd text, atasan_nip text, aktif boolean)
       WHERE u.id = r.id`,
      [
        JSON.stringify(
          chunk.map(({ before, after }) => ({
            id: before.id,
            ...columnsOf(after.record),
            aktif: after.aktif ?? before.aktif,
          })),
        ),
      ],
    );
    // A deactivation by import ends the account's sessions at once and forgets its phones
    // (`login-devices.ts`), like one from the people screen.
    const deactivated = chunk.filter(({ before, after }) => before.aktif && after.aktif === false);
    if (deactivated.length > 0) {
      const ids = JSON.stringify(deactivated.map(({ before }) => before.id));
      await db.query(
        `UPDATE sessions SET ended_at = now(), ended_because = 'deactivated'
         WHERE user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) AND ended_at IS NULL`,
        [ids],
      );
      await db.query(
        'DELETE FROM login_devices WHERE user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))',
        [ids],
      );
    }
    for (const { before, after, fields } of chunk)
      events.push({
        target_id: before.id,
        target_nip: before.nip,
        action: 'update',
        opd: after.record.opd,
        details: { via: 'import', ...Object.fromEntries(fields.map((field) => [field.field, field.to])) },
      });
  }
  for (const chunk of chunks(events))
    await db.query(
      `INSERT INTO account_events (actor_id, action, target_id, target_nip, opd, details)
       SELECT $1, r.action, r.target_id, r.target_nip, r.opd, r.details
       FROM jsonb_to_recordset($2::jsonb) AS r (action text, target_id uuid, target_nip text, opd text, details jsonb)`,
      [actor.userId, JSON.stringify(chunk)],
    );
  // Every row's atasan may now lead someone new (named, moved to another OPD): perhaps beyond the
  // OPD whose admin knows its one-time password.
  await withdrawOneTimePasswordsBeyondIssuer(
    db,
    actor.userId,
    [...creates, ...updates.map(({ after }) => after)].map((entry) => entry.record.atasanNip),
  );
  await recordAccountEvent(db, {
    actorId: actor.userId,
    action: 'import',
    target: null,
    opd: actor.role === 'admin' ? '' : actor.opd,
    details: { created: creates.length, updated: updates.length },
  });
}

function columnsOf(record: RosterRecord) {
  return {
    nip: record.nip,
    name: record.name,
    status: record.status,
    jabatan: record.jabatan,
    jenis_jabatan: record.jenisJabatan,
    golongan: record.golongan,
    unit: record.unit,
    opd: record.opd,
    atasan_nip: record.atasanNip,
  };
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let at = 0; at < items.length; at += ROWS_PER_STATEMENT) yield items.slice(at, at + ROWS_PER_STATEMENT);
}

/**
 * The reason in Bahasa Indonesia, for API clients (the admin screen words `code`, `field` and
 * `value` itself, in the reader's language).
 */
function rowMessage(code: RosterRowCode, { field, value = '' }: RowDetail): string {
  const column = field === undefined ? '' : (COLUMN_LABELS.get(field) ?? field);
  switch (code) {
    case 'missing_nip':
      return 'NIP kosong.';
    case 'invalid_nip':
      return value === 'PPPK'
        ? 'NI PPPK tidak valid: 18 digit (tanggal lahir, tahun pengangkatan, kode 2, nomor perjanjian, ' +
            'jenis kelamin, nomor urut).'
        : `NIP tidak valid untuk status ${value}: 18 digit (tanggal lahir, TMT CPNS, jenis kelamin, nomor urut).`;
    case 'nip_as_number':
      return (
        `${column} tersimpan sebagai angka sehingga digit terakhirnya hilang. Format kolom ${column} sebagai ` +
        `Teks di Excel, lalu ketik ulang ${column}-nya.`
      );
    case 'duplicate_nip':
      return `NIP yang sama juga ada di baris ${value}; tidak satu pun diterapkan.`;
    case 'required':
      return `${column} wajib diisi.`;
    case 'too_long':
      return `${column} terlalu panjang (paling banyak 200 karakter).`;
    case 'unknown_status':
      return `Status "${value}" tidak dikenal: isi PNS, CPNS, atau PPPK.`;
    case 'unknown_jenis_jabatan':
      return `Jenis jabatan "${value}" tidak dikenal: isi JPT, Administrator, Pengawas, Pelaksana, atau Fungsional.`;
    case 'invalid_golongan':
      return `Golongan "${value}" tidak sesuai status: PNS/CPNS seperti III/a, PPPK I sampai XVII.`;
    case 'invalid_atasan_nip':
      return 'NIP Atasan tidak valid (18 digit).';
    case 'own_atasan':
      return 'NIP Atasan sama dengan NIP pegawai itu sendiri.';
    case 'unknown_atasan':
      return `NIP Atasan ${value} tidak ada di daftar pegawai maupun di baris lain berkas ini yang diterima.`;
    case 'invalid_aktif':
      return `Aktif "${value}" tidak dikenal: isi Ya atau Tidak.`;
    case 'other_opd':
      return 'Pegawai ini bukan dari OPD Bapak/Ibu; hanya BKPSDM yang dapat mengubahnya.';
    case 'not_manageable':
      return 'Akun ini tidak dapat Bapak/Ibu ubah lewat impor (akun administrator, atau menonaktifkan akun sendiri).';
    case 'atasan_of_other_opd':
      return 'NIP ini tercatat sebagai atasan pegawai OPD lain atau admin; hanya BKPSDM yang dapat membuat akunnya.';
    case 'unstorable_text':
      return (
        `Kolom ${column} memuat karakter yang tidak dapat disimpan (karakter kendali NUL atau karakter Unicode ` +
        'rusak). Ketik ulang isi sel itu di Excel lalu unggah lagi.'
      );
  }
}
