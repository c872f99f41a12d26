import { Hono } from 'hono';
import { Sha256Hex, type AttachmentUploadResponse } from '../../shared/records/attachment';
import { ATTACHMENT_MAX_BYTES } from '../../shared/records/attachment';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB } from '../http/json-body';
import { readableAttachment, storeAttachment } from '../services/attachments';
import type { RouteDeps } from './deps';

const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' } as const;

/**
 * Files of learner records (`services/attachments.ts`). `PUT` is idempotent by the hash in the
 * address; the request's Content-Type is ignored, the bytes are sniffed. `GET` answers with the
 * sniffed type, never lets the browser guess, and offers a PDF as a download rather than a
 * page in Lentera's origin.
 */
export function attachmentRoutes({ db, blobs, tokens }: RouteDeps) {
  const signedIn = requireUser(tokens);
  return new Hono<AuthEnv>()
    .put('/attachments/:sha256', signedIn, bodyLimitKiB(ATTACHMENT_MAX_BYTES / 1024), async (c) => {
      const sha256 = Sha256Hex.safeParse(c.req.param('sha256'));
      if (!sha256.success) throw new ApiError(404, 'not_found', 'A file is addressed by its sha256 (lowercase hex)');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const stored = await storeAttachment(db, blobs, c.var.session.userId, sha256.data, bytes);
      return c.json<AttachmentUploadResponse>(stored, stored.status === 'stored' ? 201 : 200);
    })
    .get('/attachments/:sha256', signedIn, async (c) => {
      const sha256 = Sha256Hex.safeParse(c.req.param('sha256'));
      const file = sha256.success ? await readableAttachment(db, blobs, c.var.session, sha256.data) : null;
      if (file === null) throw new ApiError(404, 'not_found', 'No such file among those you may read');
      const tag = `"${c.req.param('sha256')}"`;
      // Content addressed: the copy the browser holds is the file (access was checked above).
      if (c.req.header('if-none-match') === tag) {
        await file.stream.body.cancel();
        return c.body(null, 304, { etag: tag, 'cache-control': 'private, no-cache' });
      }
      const name = `lampiran-${c.req.param('sha256').slice(0, 12)}.${EXTENSIONS[file.type]}`;
      return c.body(file.stream.body, 200, {
        'content-type': file.type,
        'content-length': String(file.stream.size),
        'content-disposition': `${file.type === 'application/pdf' ? 'attachment' : 'inline'}; filename="${name}"`,
        'x-content-type-options': 'nosniff',
        // Content addressed, but who may read it can change (a post hidden): the browser asks each time.
        'cache-control': 'private, no-cache',
        etag: tag,
      });
    });
}
