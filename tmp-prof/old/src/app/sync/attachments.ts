import type { SyncItemResult } from '../../shared/protocol';
import { attachmentsOf } from '../../shared/records/attachment';
import type { LenteraDb, OutboxEntry } from '../data/db';
import { isSessionEnded, RequestError } from '../data/errors';
import type { SyncTransport } from './transport';

/**
 * Uploads the files the batch's records name and the server does not have from this phone
 * yet, before the batch is pushed: the bytes never ride in a sync batch (which stays small on
 * a weak link), and the server takes a record only once its files are there. Uploads are
 * content addressed: one that is retried after a lost answer stores nothing twice.
 *
 * A file Lentera's API refuses (not a photo or PDF, too large) sets its record aside with the
 * reason, like a refused record: returned in `refused` for the engine to apply. Any other
 * failure (no network, a timeout on a weak link, the day's upload cap, 5xx, a Wi-Fi login page)
 * stops the uploads at that record: `waitFrom` is its place in the batch, and the records
 * before it can still be pushed (in order; the ones after wait with it, since a later record
 * may build on it). An ended session throws.
 */
export async function uploadAttachments(
  db: LenteraDb,
  transport: SyncTransport,
  token: string,
  batch: readonly OutboxEntry[],
): Promise<{ refused: SyncItemResult[]; waitFrom: { index: number; error: unknown } | null }> {
  const refused: SyncItemResult[] = [];
  for (const [index, entry] of batch.entries()) {
    if (entry.kind !== 'record') continue;
    for (const ref of attachmentsOf(entry.body)) {
      const stored = await db.attachments.get(ref.sha256);
      // Missing on the phone: the server answers `unknown_attachment`, shown on the sync page.
      if (stored === undefined || stored.uploaded) continue;
      try {
        await transport.upload(ref.sha256, stored.blob, token);
      } catch (error) {
        if (isSessionEnded(error)) throw error;
        if (!(error instanceof RequestError && error.fromApi && REFUSED.has(error.status)))
          return { refused, waitFrom: { index, error } };
        refused.push({ id: entry.id, status: 'rejected', code: 'invalid_attachment', reason: error.message });
        break;
      }
      await db.attachments.update(ref.sha256, { uploaded: true });
    }
  }
  return { refused, waitFrom: null };
}

/** Lentera's API looked at the bytes and refused them: sending them again cannot help. */
const REFUSED = new Set([400, 413, 415, 422]);
