import { Hono } from 'hono';
import { z } from 'zod';
import { normalizeCertificateCode, type CertificateVerification } from '../../shared/certificate';
import type { LearnerRecordResponse } from '../../shared/protocol/record';
import { canSee, followedBy, managedBy } from '../auth/audience';
import { requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { renderCertificatePdf } from '../services/certificate-pdf';
import { findCertificate, revokeCertificate, verificationOf } from '../services/certificates';
import { learnerRecord } from '../services/ledger';
import type { RouteDeps } from './deps';

const RevokeBody = z.object({ reason: z.string().trim().min(3).max(500) });

/** The learner's record (JP ledger, certificates), public verification, certificate PDFs and revocation. */
export function recordRoutes({ db, tokens, records }: RouteDeps) {
  const signedIn = requireUser(tokens);
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
      .post('/admin/certificates/:code/revoke', requireAnyAdmin(tokens), jsonBodyLimit, async (c) => {
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
