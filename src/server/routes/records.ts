import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { normalizeCertificateCode, type CertificateVerification } from '../../shared/certificate';
import { csvDocument } from '../../shared/csv';
import { jpYear } from '../../shared/ledger';
import type { CompliancePeoplePage, ComplianceReport, LearnerRecordResponse } from '../../shared/protocol/record';
import { canSee, followedBy, managedBy, teamOf } from '../auth/audience';
import { requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { attachment, CSV_TYPE, XLSX_TYPE, xlsxDocument } from '../http/tabular';
import { renderCertificatePdf } from '../services/certificate-pdf';
import { findCertificate, revokeCertificate, verificationOf } from '../services/certificates';
import { allCompliancePeople, compliancePeople, complianceReport } from '../services/jp-compliance';
import { learnerRecord } from '../services/ledger';
import type { RouteDeps } from './deps';

const RevokeBody = z.object({ reason: z.string().trim().min(3).max(500) });

const Year = z.coerce.number().int().min(2000).max(2100);
const ComplianceQuery = z.object({
  year: Year.optional(),
  opd: z.string().max(400).optional(),
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
const COMPLIANCE_EXPECTED = 'year (2000–2100), opd, below (true/false), after (a UUID), format (csv/xlsx)';

/** The learner's record (JP ledger, certificates), public verification, certificate PDFs and revocation. */
export function recordRoutes({ db, tokens, records }: RouteDeps) {
  const signedIn = requireUser(tokens);
  const anyAdmin = requireAnyAdmin(tokens);
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
        const pdf = await renderCertificatePdf(stored, records.publicUrl ?? new URL(c.req.url).origin);
        return c.body(pdf, 200, {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="sertifikat-${stored.payload.kode}.pdf"`,
        });
      })
      // "Pemenuhan 20 JP": the BKPSDM everyone, an OPD admin their OPD; an atasan their direct reports.
      .get('/admin/jp-compliance', anyAdmin, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        return c.json<ComplianceReport>(
          await complianceReport(db, managedBy(c.var.session), query.year ?? thisYear(), records),
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
        const people = await allCompliancePeople(db, managedBy(c.var.session), year, records, query.opd);
        const rows = [
          ['NIP', 'Nama', 'Status', 'Jabatan', 'Unit Kerja', 'OPD', `JP ${year}`, 'Target JP', 'Tercapai'],
          ...people.map((person) => [
            person.nip,
            person.name,
            person.status,
            person.jabatan,
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
          await complianceReport(db, teamOf(c.var.session), query.year ?? thisYear(), records),
        );
      })
      .get('/team/jp-compliance/people', signedIn, async (c) => {
        const query = parseQuery(c, ComplianceQuery, COMPLIANCE_EXPECTED);
        return c.json<CompliancePeoplePage>(
          await compliancePeople(db, teamOf(c.var.session), query.year ?? thisYear(), records, query),
        );
      })
      .post('/admin/certificates/:code/revoke', anyAdmin, jsonBodyLimit, async (c) => {
        const { reason } = await readJsonBody(c, RevokeBody);
        const code = normalizeCertificateCode(c.req.param('code'));
        const stored = code === null ? null : await findCertificate(db, code);
        if (stored === null || !(await canSee(db, managedBy(c.var.session), stored.userId)))
          throw new ApiError(404, 'not_found', 'No such certificate among those you manage');
        const outcome = await revokeCertificate(db, stored.payload.kode, reason, c.var.session.userId);
        return c.json<CertificateVerification & { outcome: typeof outcome }>({
          ...verificationOf(stored.payload.kode, await findCertificate(db, stored.payload.kode)),
          outcome,
        });
      })
  );
}
