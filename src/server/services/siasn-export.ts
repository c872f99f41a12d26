import { CertificatePayload, type SignedCertificate } from '../../shared/certificate';
import { isoDateIn, siasnDate } from '../../shared/ledger';
import { audienceCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import type { RecordSettings } from './record-settings';

/**
 * The SIASN "riwayat kursus" export (issue 12.6): one row per completion with a certificate
 * (revoked ones left out) and per approved external learning record, for one JP year,
 * optionally one OPD and one course. The 15 SIASN columns come first, named and ordered as
 * SIASN's `kursus/save` takes them; two of ours follow: `keterangan` ("Eksternal" for learning
 * done elsewhere) and `sudahDiekspor` (the date of an earlier export of that row, empty the
 * first time). Exporting stamps every row's `siasn_exported_at`.
 */
export const SIASN_COLUMNS = [
  'nipBaru',
  'nama',
  'jenisDiklatId',
  'jenisKursusSertipikat',
  'namaKursus',
  'institusiPenyelenggara',
  'jumlahJam',
  'tanggalKursus',
  'tanggalSelesaiKursus',
  'tahunKursus',
  'nomorSertipikat',
  'instansiId',
  'lokasiId',
  'jenisKursus',
  'fileSertifikat',
] as const;
export const EXTRA_COLUMNS = ['keterangan', 'sudahDiekspor'] as const;

/** Default SIASN jenis diklat: 16 "E-Learning", whose jenisKursusSertipikat is "T". */
export const DEFAULT_JENIS_DIKLAT_ID = 16;
export const DEFAULT_JENIS_KURSUS_SERTIPIKAT = 'T';

export type SiasnRow = Record<(typeof SIASN_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number], string | number>;

export interface SiasnEntry {
  row: SiasnRow;
  /** The signed certificate behind a course row (its PDF goes in the ZIP). */
  certificate: SignedCertificate | null;
  /** An external record's uploaded certificate file, by hash. */
  externalFile: { sha256: string; type: string } | null;
  source: { kind: 'certificate'; code: string } | { kind: 'external'; id: string };
}

export interface SiasnFilter {
  year: number;
  opd?: string | undefined;
  courseId?: string | undefined;
}

/**
 * `<nipBaru>_<nomorSertipikat with / → ->.pdf`: what SIASN's upload is given, and the ZIP entry;
 * an external record's file is `<nipBaru>_eksternal-<record id>.<ext>`.
 */
export function siasnFileName(nip: string, number: string, extension = 'pdf'): string {
  return `${nip}_${number.replace(/[/\\]/g, '-').replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

export async function siasnEntries(
  db: Queryable,
  audience: Audience,
  filter: SiasnFilter,
  settings: RecordSettings,
): Promise<SiasnEntry[]> {
  const params: unknown[] = [filter.year, filter.opd ?? null, filter.courseId ?? null];
  const scope = audienceCondition(audience, 'k.user_id', params);
  const certificates = await db.query<{
    code: string;
    payload: string;
    signature: string;
    nip: string;
    exported: Date | null;
    jenis_diklat_id: number | null;
    jenis_kursus_sertipikat: string | null;
    jenis_kursus: string | null;
    lokasi_id: string | null;
  }>(
    `SELECT k.code, k.payload, k.signature, u.nip, k.siasn_exported_at AS exported,
       s.jenis_diklat_id, s.jenis_kursus_sertipikat, s.jenis_kursus, s.lokasi_id
     FROM certificates k JOIN users u ON u.id = k.user_id
     LEFT JOIN course_record_settings s ON s.course_id = k.course_id
     WHERE k.year = $1 AND k.revoked_at IS NULL AND ($2::text IS NULL OR u.opd = $2)
       AND ($3::text IS NULL OR k.course_id = $3) AND ${scope}
     ORDER BY u.opd, u.name, k.year, k.seq`,
    params,
  );
  const externalParams: unknown[] = [filter.year, filter.opd ?? null];
  const externalScope = audienceCondition(audience, 'e.user_id', externalParams);
  // External learning belongs to no course of ours: a course filter leaves it out.
  const external =
    filter.courseId !== undefined
      ? []
      : await db.query<{
          id: string;
          nip: string;
          name: string;
          jenis_diklat_id: number;
          training: string;
          organiser: string;
          approved_jp: number;
          start_date: string;
          end_date: string;
          certificate_number: string;
          file_sha256: string | null;
          file_type: string | null;
          exported: Date | null;
        }>(
          `SELECT e.id::text AS id, u.nip, u.name, e.jenis_diklat_id, e.name AS training, e.organiser, e.approved_jp,
             to_char(e.start_date, 'YYYY-MM-DD') AS start_date, to_char(e.end_date, 'YYYY-MM-DD') AS end_date,
             e.certificate_number, e.file_sha256, e.file_type, e.siasn_exported_at AS exported
           FROM external_learning e JOIN users u ON u.id = e.user_id
           WHERE e.status = 'approved' AND extract(year FROM e.end_date)::int = $1::int
             AND ($2::text IS NULL OR u.opd = $2) AND ${externalScope}
           ORDER BY u.opd, u.name, e.end_date`,
          externalParams,
        );
  const exportedOn = (at: Date | null): string => (at === null ? '' : siasnDate(isoDateIn(at, settings.timeZone)));

  const courseEntries = certificates.map((row): SiasnEntry => {
    const payload = CertificatePayload.parse(JSON.parse(row.payload));
    const file = siasnFileName(row.nip, payload.nomor);
    return {
      certificate: { payload, signature: row.signature },
      externalFile: null,
      source: { kind: 'certificate', code: row.code },
      row: {
        nipBaru: row.nip,
        nama: payload.nama,
        jenisDiklatId: row.jenis_diklat_id ?? DEFAULT_JENIS_DIKLAT_ID,
        jenisKursusSertipikat: row.jenis_kursus_sertipikat ?? DEFAULT_JENIS_KURSUS_SERTIPIKAT,
        namaKursus: payload.pelatihan,
        institusiPenyelenggara: settings.institusiPenyelenggara,
        jumlahJam: payload.jp,
        tanggalKursus: siasnDate(payload.mulai),
        tanggalSelesaiKursus: siasnDate(payload.selesai),
        tahunKursus: Number(payload.selesai.slice(0, 4)),
        nomorSertipikat: payload.nomor,
        instansiId: settings.siasnInstansiId,
        lokasiId: row.lokasi_id ?? '',
        jenisKursus: row.jenis_kursus ?? '',
        fileSertifikat: file,
        keterangan: '',
        sudahDiekspor: exportedOn(row.exported),
      },
    };
  });
  const externalEntries = external.map((row): SiasnEntry => {
    const extension = row.file_type === null ? undefined : EXTENSIONS[row.file_type];
    return {
      certificate: null,
      externalFile:
        row.file_sha256 !== null && row.file_type !== null ? { sha256: row.file_sha256, type: row.file_type } : null,
      source: { kind: 'external', id: row.id },
      row: {
        nipBaru: row.nip,
        nama: row.name,
        jenisDiklatId: row.jenis_diklat_id,
        jenisKursusSertipikat: '',
        namaKursus: row.training,
        institusiPenyelenggara: row.organiser,
        jumlahJam: row.approved_jp,
        tanggalKursus: siasnDate(row.start_date),
        tanggalSelesaiKursus: siasnDate(row.end_date),
        tahunKursus: Number(row.end_date.slice(0, 4)),
        nomorSertipikat: row.certificate_number,
        instansiId: settings.siasnInstansiId,
        lokasiId: '',
        jenisKursus: '',
        // Named by the record, never by the number the learner typed: that number may be one of
        // ours, and the learner's file would take the name of Lentera's PDF.
        fileSertifikat: extension === undefined ? '' : siasnFileName(row.nip, `eksternal-${row.id}`, extension),
        keterangan: 'Eksternal',
        sudahDiekspor: exportedOn(row.exported),
      },
    };
  });
  return withUniqueFileNames([...courseEntries, ...externalEntries]);
}

/**
 * Every row's file under a name no other row's file has, also on a disk that ignores case (a
 * ZIP unpacked on Windows): two numbers Lentera issued can still clean up to one name (`A/B`
 * and `A-B`). The first row keeps the name, a later one gets `-2`, `-3`… before its extension,
 * and its `fileSertifikat` says so, so the CSV points at its own file.
 */
export function withUniqueFileNames(entries: SiasnEntry[]): SiasnEntry[] {
  const taken = new Set<string>();
  return entries.map((entry) => {
    const name = String(entry.row.fileSertifikat);
    if (name === '') return entry;
    const dot = name.lastIndexOf('.');
    let unique = name;
    for (let copy = 2; taken.has(unique.toLowerCase()); copy++)
      unique = `${name.slice(0, dot)}-${copy}${name.slice(dot)}`;
    taken.add(unique.toLowerCase());
    return unique === name ? entry : { ...entry, row: { ...entry.row, fileSertifikat: unique } };
  });
}

/** Header and rows, SIASN's columns first. */
export function siasnTable(entries: readonly SiasnEntry[]): (string | number)[][] {
  const columns = [...SIASN_COLUMNS, ...EXTRA_COLUMNS];
  return [columns, ...entries.map((entry) => columns.map((column) => entry.row[column]))];
}

/** Remembers that these rows went out now; the next export shows the date in `sudahDiekspor`. */
export async function markExported(db: Queryable, entries: readonly SiasnEntry[]): Promise<void> {
  const codes = entries.flatMap((entry) => (entry.source.kind === 'certificate' ? [entry.source.code] : []));
  const ids = entries.flatMap((entry) => (entry.source.kind === 'external' ? [entry.source.id] : []));
  await db.transaction(async (tx) => {
    if (codes.length > 0)
      await tx.query(
        'UPDATE certificates SET siasn_exported_at = now() WHERE code IN (SELECT jsonb_array_elements_text($1::jsonb))',
        [JSON.stringify(codes)],
      );
    if (ids.length > 0)
      await tx.query(
        `UPDATE external_learning SET siasn_exported_at = now() WHERE id IN (SELECT value::uuid
           FROM jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify(ids)],
      );
  });
}
