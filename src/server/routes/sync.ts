import { Hono } from 'hono';
import type { ProgressPullResponse, SyncPushResponse } from '../../shared/protocol';
import { canSee, followedBy } from '../auth/audience';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { advertiseGzipBodies, bodyLimitKiBGzipAllowed, readJsonBody } from '../http/json-body';
import { ingest } from '../services/ingest';
import { readLearnerProgress } from '../services/progress';
import { acceptSyncBatch, answerRepeats, separateRefused, SyncBatch } from '../services/sync-request';
import type { RouteDeps } from './deps';

/**
 * Room for a full batch of the largest statements the phone builds (a quiz answer with its
 * choices is ~2 KiB), once inflated when the phone gzips it.
 */
const SYNC_BODY_KIB = 4096;
const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function syncRoutes({ db, tokens, content, signer, records, recordBudget }: RouteDeps) {
  const signedIn = requireUser(tokens);
  return (
    new Hono<AuthEnv>()
      .post('/sync', advertiseGzipBodies, signedIn, bodyLimitKiBGzipAllowed(SYNC_BODY_KIB), async (c) => {
        const batch = await readJsonBody(c, SyncBatch, { accept: acceptSyncBatch, textCheckedPerRecord: true });
        const { batch: applied, refused, repeats } = separateRefused(batch, c.var.session.userId);
        const answered = [
          ...(await ingest(
            { db, content, certificates: { signer, settings: records }, budget: recordBudget },
            c.var.session.userId,
            applied,
          )),
          ...refused,
        ];
        // The phone takes the first answer for an id: each first record's comes before its repeats'.
        const results = [...answered, ...answerRepeats(repeats, answered)];
        return c.json<SyncPushResponse>({ results, serverTime: new Date().toISOString() });
      })
      .get('/sync/progress', signedIn, async (c) =>
        c.json<ProgressPullResponse>({
          ...(await readLearnerProgress(db, c.var.session.userId)),
          serverTime: new Date().toISOString(),
        }),
      )
      // One person's progress: their own, their direct reports' (atasan), or whoever an admin manages.
      .get('/users/:userId/progress', signedIn, async (c) => {
        const userId = c.req.param('userId');
        const { session } = c.var;
        const audience = followedBy(session);
        if (userId !== session.userId && !(ANY_UUID.test(userId) && (await canSee(db, audience, userId)))) {
          // Only for the BKPSDM, who sees everyone, does "not visible" mean "no such account".
          if (audience.everyone) throw new ApiError(404, 'not_found', `No user ${userId}`);
          throw new ApiError(
            403,
            'forbidden',
            "A person's progress is for them, their atasan and their administrators",
          );
        }
        return c.json<ProgressPullResponse>(await readLearnerProgress(db, userId));
      })
  );
}
