import { strToU8, zipSync } from 'fflate';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { FIRST_LEARNING_YEAR, LAST_REPORT_YEAR } from '../../shared/dates';
import { normalizeCertificateCode, type CertificateVerification } from '../../shared/certificate';
import { csvDocument } from '../../shared/csv';
import { ExternalLearningSubmission, type ExternalSubmitResponse } from '../../shared/external-learning';
import { jpYear } from '../../shared/ledger';
import {
  COMPLIANCE_GROUPINGS,
  COMPLIANCE_JENIS_JABATAN_FILTERS,
  type CompliancePeoplePage,
  type ComplianceReport,
  type LearnerRecordResponse,
} from '../../shared/protocol/record';
import { assertMayDecide, canSee, decidedBy, followedBy, managedBy, teamOf } from '../auth/audience';
import { requireAdmin, requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB, jsonBodyLimit, readJsonBody } from '../http/json-body';
import { courseIdParam } from '../http/params';
import { attachment, CSV_TYPE, XLSX_TYPE, xlsxDocument } from '../http/tabular';
import { renderCertificatePdf } from '../services/certificate-pdf';
import { trustedOrigin } from '../http/public-origin';
import { findCertificate, revokeCertificate, verificationOf } from '../services/certificates';
import {
  decideExternalLearning,
  externalFile,
  listExternalLearning,
  submitExternalLearning,
} from '../services/external-learning';
import { allCompliancePeople, compliancePeople, complianceReport } from '../services/jp-compliance';
import { learnerRecord } from '../services/ledger';
import {
  courseRecordSettings,
  saveCourseRecordSettings,
  type CourseRecordSettings,
} from '../services/course-record-settings';
import { markExported, siasnEntries, siasnTable } from '../services/siasn-export';
import type { RouteDeps } from './deps';

const RevokeBody = z.object({ reason: z.string().trim().min(3).max(500) });

const Year = z.coerce.number().int().min(FIRST_LEARNING_YEAR).max(LAST_REPORT_YEAR);
const ComplianceQuery = z.object({
  year: Year.optional(),
  groupBy: z.enum(COMPLIANCE_GROUPINGS).default('opd'),
  opd: z.string().max(400).optional(),
  jenisJabatan: z.enum(COMPLIANCE_JENIS_JABATAN_FILTERS).optional(),
  below: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  after: z.uuid().optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
});

function parseQuery<T>(c: Context, schema: z.ZodType<T>, expected: string): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError(400, 'bad_request', expected, parsed.error.issues);
  return parsed.data;
}
const SiasnQuery = z.object({
  year: Year,
  format: z.enum(['csv', 'xlsx', 'zip']).default('csv'),
  opd: z.string().max(400).optional(),
  courseId: z.string().max(100).optional(),
});
/** PDFs are drawn on the fly (~20–50 ms each): a bigger ZIP is asked for by OPD or course. */
const SIASN_ZIP_MAX = 1000;

const CourseRecordSettingsBody = z.strictObject({
  kodeKursus: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,30}$/, 'letters, digits, . _ - (it goes into certificate numbers)'),
  jenisDiklatId: z.number().int().min(1).max(999),
  jenisKursusSertipikat: z.string().trim().max(100),
  jenisKursus: z.string().trim().max(100),
  lokasiId: z.string().trim().max(100),
});

const AnyId = z.uuid();
const DecisionBody = z.union([
  z.strictObject({ approve: z.literal(true), jp: z.number().int().min(0).max(200) }),
  z.strictObject({ approve: z.literal(false), reason: z.string().trim().min(3).max(500) }),
]);
const ExternalQuery = z.object({
  status: z.enum(['pending', 'approved', 'refused']).optional(),
  after: z.uuid().optional(),
});
/** A 2 MiB file as base64 plus the fields. */
const EXTERNAL_BODY_KIB = 3 * 1024;

const COMPLIANCE_EXPECTED =
  'year (2000–2100), groupBy (opd/jenis_jabatan), opd, jenisJabatan ' +
  '(JPT/Administrator/Pengawas/Pelaksana/Fungsional/none), below (true/false), after (a UUID), format (csv/xlsx)';

/** The learner's record (JP ledger, certificates), public verification, certificate PDFs and revocation. */
export function recordRoutes({ db, blobs, tokens, records, recordBudget }: RouteDeps) {
  const signedIn = requireUser(tokens);
  const anyAdmin = requireAnyAdmin(tokens);
  const admin = requireAdmin(tokens);
  const thisYear = (): number => jpYear(new Date(), records.timeZone);
  return (
    new Hono<AuthEnv>()
      .get('/me/record', signedIn, async (c) => {
        const record = await learnerRecord(db, c.var.session.userId, records);
        if (record === null) throw new ApiError(404, 'not_found', 'No such account');
        return c.json<LearnerRecordResponse>(record);
      })
      // Public: anyone holding a code learns whether it is valid, with the NIP masked.
      .get('/certificates/:code', async (c) => {
        const code = normalizeCertificateCode(c.req.param('code'));
        if (code === null)
          return c.json<CertificateVerification>({ status: 'unknown', code: c.req.param('code').slice(0, 40) });
        return c.json<CertificateVerification>(verificationOf(code, await findCertificate(db, code)));
      })
      // The PDF: for its holder, their atasan and their administrators.
      .get('/certificates/:code/pdf', signedIn, async (c) => {
        const code = normalizeCertificateCode(c.req.param('code'));
        const stored = code === null ? null : await findCertificate(db, code);
        const { session } = c.var;
        if (
          stored === null ||
          (stored.userId !== session.userId && !(await canSee(db, followedBy(session), stored.userId)))
        )
          throw new ApiError(404, 'not_found', 'No such certificate among those you may read');
        const pdf = await renderCertificatePdf(stored, trustedOrigin(records.publicUrl, c.req.url));
        return c.body(pdf, 200, {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="sertifikat-${stored.payload.kode}.pdf"`,
        });
      })
      // "Pemenuhan 20 JP": the BKPSDM everyone, an OPD admin their OPD; an atasan their direct reports.
      .get('/admin/jp-compliance', anyAdmin, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        return c.json<ComplianceReport>(
          await complianceReport(db, managedBy(c.var.session), query.year ?? thisYear(), records, query.groupBy),
        );
      })
      .get('/admin/jp-compliance/people', anyAdmin, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        return c.json<CompliancePeoplePage>(
          await compliancePeople(db, managedBy(c.var.session), query.year ?? thisYear(), records, query),
        );
      })
      .get('/admin/jp-compliance/export', anyAdmin, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        const year = query.year ?? thisYear();
        const people = await allCompliancePeople(db, managedBy(c.var.session), year, records, query, query.groupBy);
        const rows = [
          [
            'NIP',
            'Nama',
            'Status',
            'Jabatan',
            'Jenis Jabatan',
            'Unit Kerja',
            'OPD',
            `JP ${year}`,
            'Target JP',
            'Tercapai',
          ],
          ...people.map((person) => [
            person.nip,
            person.name,
            person.status,
            person.jabatan,
            person.jenisJabatan ?? '',
            person.unit,
            person.opd,
            person.jp,
            records.targets.pns,
            person.reached ? 'Ya' : 'Tidak',
          ]),
        ];
        const name = `pemenuhan-jp-${year}`;
        if (query.format === 'xlsx')
          return c.body(await xlsxDocument(rows, `Pemenuhan JP ${year}`), 200, {
            'content-type': XLSX_TYPE,
            'content-disposition': attachment(`${name}.xlsx`),
          });
        return c.body(csvDocument(rows), 200, {
          'content-type': CSV_TYPE,
          'content-disposition': attachment(`${name}.csv`),
        });
      })
      .get('/team/jp-compliance', signedIn, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        return c.json<ComplianceReport>(
          await complianceReport(db, teamOf(c.var.session), query.year ?? thisYear(), records, query.groupBy),
        );
      })
      .get('/team/jp-compliance/people', signedIn, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        return c.json<CompliancePeoplePage>(
          await compliancePeople(db, teamOf(c.var.session), query.year ?? thisYear(), records, query),
        );
      })
      // SIASN "riwayat kursus" (issue 12.6): CSV, XLSX, or a ZIP with the CSV and every certificate file.
      .get('/admin/exports/siasn', anyAdmin, async (c) => {
        const query = parseQuery(c, SiasnQuery, 'year (required), format (csv/xlsx/zip), opd, courseId');
        const entries = await siasnEntries(db, managedBy(c.var.session), query, records);
        const table = siasnTable(entries);
        const name = `siasn-kursus-${query.year}`;
        let response: Response;
        if (query.format === 'xlsx') {
          response = c.body(await xlsxDocument(table, `Kursus ${query.year}`), 200, {
            'content-type': XLSX_TYPE,
            'content-disposition': attachment(`${name}.xlsx`),
          });
        } else if (query.format === 'zip') {
          if (entries.length > SIASN_ZIP_MAX)
            throw new ApiError(
              400,
              'bad_request',
              `${entries.length} rows: a ZIP holds at most ${SIASN_ZIP_MAX}; filter by OPD or course`,
            );
          const origin = trustedOrigin(records.publicUrl, c.req.url);
          const files: Record<string, Uint8Array> = { [`${name}.csv`]: strToU8(csvDocument(table)) };
          // `siasnEntries` names every file apart; a name set twice would silently replace a
          // file (a learner's upload standing in for Lentera's PDF), so it is refused instead.
          const addFile = (fileName: string, bytes: Uint8Array) => {
            if (Object.hasOwn(files, fileName)) throw new Error(`${fileName} is in the ZIP already`);
            files[fileName] = bytes;
          };
          // One file that cannot be made (a PDF that fails to render, a blob store that fails) is
          // left out and named in a note inside the ZIP; it never costs everyone else's files.
          const missing: string[] = [];
          for (const entry of entries) {
            const fileName = String(entry.row.fileSertifikat);
            try {
              if (entry.certificate !== null) addFile(fileName, await renderCertificatePdf(entry.certificate, origin));
              else if (entry.externalFile !== null) {
                const bytes = await blobs.get(entry.externalFile.sha256);
                if (bytes !== null) addFile(fileName, bytes);
              }
            } catch (error) {
              console.error(`SIASN ZIP: ${fileName} left out`, error);
              missing.push(fileName);
            }
          }
          if (missing.length > 0)
            files[`${name}-berkas-gagal.txt`] = strToU8(
              'Berkas berikut tidak dapat dibuat dan tidak ada di ZIP ini; unduh satu per satu atau ulangi ' +
                `ekspor:\r\n${missing.join('\r\n')}\r\n`,
            );
          // PDFs and images are compressed already: stored, not deflated again.
          response = c.body(new Uint8Array(zipSync(files, { level: 0 })), 200, {
            'content-type': 'application/zip',
            'content-disposition': attachment(`${name}.zip`),
          });
        } else {
          response = c.body(csvDocument(table), 200, {
            'content-type': CSV_TYPE,
            'content-disposition': attachment(`${name}.csv`),
          });
        }
        await markExported(db, entries);
        return response;
      })
      // What SIASN and certificate numbers need per course beyond the bundle; the BKPSDM sets it.
      .get('/admin/courses/:courseId/record-settings', admin, async (c) =>
        c.json<CourseRecordSettings>(await courseRecordSettings(db, courseIdParam(c, 'courseId'))),
      )
      .put('/admin/courses/:courseId/record-settings', admin, jsonBodyLimit, async (c) => {
        const body = await readJsonBody(c, CourseRecordSettingsBody);
        const saved = await saveCourseRecordSettings(db, courseIdParam(c, 'courseId'), body);
        if (saved === null) throw new ApiError(404, 'course_not_found', 'No such course');
        return c.json<CourseRecordSettings>(saved);
      })
      .post('/me/external-learning', signedIn, bodyLimitKiB(EXTERNAL_BODY_KIB), async (c) => {
        const submission = await readJsonBody(c, ExternalLearningSubmission);
        const status = await submitExternalLearning(
          db,
          blobs,
          c.var.session.userId,
          submission,
          recordBudget.records.external_learning,
        );
        return c.json<ExternalSubmitResponse>({ status }, status === 'stored' ? 201 : 200);
      })
      .get('/admin/external-learning', anyAdmin, async (c) => {
        const query = parseQuery(c, ExternalQuery, 'status (pending/approved/refused), after (a UUID)');
        // What waits for a decision is offered to those who may make it; decided records to every manager.
        const { session } = c.var;
        const audience = query.status === 'pending' ? decidedBy(session) : managedBy(session);
        return c.json(await listExternalLearning(db, audience, query));
      })
      .get('/admin/external-learning/:id/file', anyAdmin, async (c) => {
        const id = AnyId.safeParse(c.req.param('id'));
        const file = id.success ? await externalFile(db, blobs, managedBy(c.var.session), id.data) : null;
        if (file === null) throw new ApiError(404, 'not_found', 'No such file among those you manage');
        return c.body(new Uint8Array(file.bytes), 200, {
          'content-type': file.type,
          'content-disposition': attachment(`sertifikat-eksternal.${file.type === 'application/pdf' ? 'pdf' : 'img'}`),
          'x-content-type-options': 'nosniff',
        });
      })
      .post('/admin/external-learning/:id/decision', anyAdmin, jsonBodyLimit, async (c) => {
        const decision = await readJsonBody(c, DecisionBody);
        const id = AnyId.safeParse(c.req.param('id'));
        if (!id.success) throw new ApiError(404, 'not_found', 'No such record among those you manage');
        await decideExternalLearning(db, c.var.session, id.data, decision);
        return c.json({ ok: true });
      })
      .post('/admin/certificates/:code/revoke', anyAdmin, jsonBodyLimit, async (c) => {
        const { reason } = await readJsonBody(c, RevokeBody);
        const code = normalizeCertificateCode(c.req.param('code'));
        const stored = code === null ? null : await findCertificate(db, code);
        const notFound = 'No such certificate among those you manage';
        if (stored === null) throw new ApiError(404, 'not_found', notFound);
        // Revoking is a decision on someone's record like approving one: the same people may make it.
        await assertMayDecide(db, c.var.session, stored.userId, notFound);
        const outcome = await revokeCertificate(db, stored.payload.kode, reason, c.var.session.userId);
        return c.json<CertificateVerification & { outcome: typeof outcome }>({
          ...verificationOf(stored.payload.kode, await findCertificate(db, stored.payload.kode)),
          outcome,
        });
      })
  );
}
