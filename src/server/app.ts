import { Hono, type MiddlewareHandler } from 'hono';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, syncApi } from '../shared/protocol';
import { createSessionTokens } from './auth/tokens';
import type { ServerConfig } from './config';
import type { Queryable } from './db/db';
import { admission } from './http/admission';
import { bodyDeadline, closeAfterEarlyAnswer, PUSH_BODY_DEADLINE, type BodyDeadline } from './http/slow-body';
import { requireSignedToken } from './auth/middleware';
import { ApiError, apiError } from './http/api-error';
import { CACHE_NEVER } from './http/cache-control';
import { refuseUnstorableQuery } from './http/params';
import { securityHeaders } from './http/security-headers';
import { staticFiles } from './http/static-files';
import { DEFAULT_L1_BANDS } from '../shared/protocol/analysis';
import { adminRoutes } from './routes/admin';
import { attachmentRoutes } from './routes/attachments';
import { assessmentRoutes } from './routes/assessment';
import { peopleRoutes } from './routes/people';
import { teamRoutes } from './routes/team';
import { rosterRoutes } from './routes/roster';
import { assignmentRoutes } from './routes/assignments';
import { authRoutes } from './routes/auth';
import { courseRoutes } from './routes/courses';
import { akpkRoutes } from './routes/akpk';
import { cycleRoutes } from './routes/cycle';
import { discussionRoutes } from './routes/discussion';
import type { RouteDeps } from './routes/deps';
import { fileRoutes } from './routes/files';
import { syncRoutes } from './routes/sync';
import { ContentCache } from './services/content-cache';
import { WorkerJobError } from './services/worker-jobs';
import { loadTokenSecret } from './services/settings';
import { bundleRoutes } from './routes/bundles';
import { createManifestSigner } from './services/signing';
import { recordSettings, type RecordSettings } from './services/record-settings';
import { recordRoutes } from './routes/records';
import { verificationPage } from './routes/verification-page';
import { bundleLimits, type BundleLimits } from '../shared/bundle/limits';
import type { BlobStore } from './storage/blob-store';
import { DEFAULT_RECORD_BUDGET } from './services/record-budget';
import { sharedXlsxReader, type XlsxReader } from './services/roster-import/read-table';

export interface AppDeps {
  db: Queryable;
  blobs: BlobStore;
  /**
   * `signingKey` unset: the key kept in the database (generated on first start). `bundleLimits`: tests lower the caps.
   */
  config: Pick<ServerConfig, 'staticDir' | 'tokenTtlDays'> &
    Partial<Pick<ServerConfig, 'signingKey' | 'trustedProxyHops' | 'l1Bands' | 'syncConcurrency' | 'recordBudget'>> & {
      bundleLimits?: Partial<BundleLimits>;
      records?: Partial<RecordSettings>;
      /** Tests shorten the time a push's body may take. */
      pushBodyDeadline?: Partial<BodyDeadline>;
      /** Tests give the XLSX reader a shorter time limit, or a worker that fails. */
      xlsxReader?: XlsxReader;
    };
}

/** In-process servers (tests, benches) that do not say: as many as the default pool has connections. */
const DEFAULT_SYNC_CONCURRENCY = 10;
/**
 * The phone sends one push at a time (from one tab at a time): a second device of the same
 * learner pushing at that moment is told busy and comes back after `Retry-After`.
 */
const PUSHES_PER_ACCOUNT = 1;

/** The whole HTTP surface, without sockets: `main.ts` binds it to a port, tests call `app.request()`. */
export function createApp({ db, blobs, config }: AppDeps): Hono {
  const tokens = createSessionTokens({ db, loadSecret: () => loadTokenSecret(db), ttlDays: config.tokenTtlDays });
  const signer = createManifestSigner({ db, privateKeyPkcs8: config.signingKey });
  const deps: RouteDeps = {
    db,
    blobs,
    tokens,
    signer,
    bundleLimits: bundleLimits(config.bundleLimits),
    content: new ContentCache(blobs),
    trustedProxyHops: config.trustedProxyHops ?? 0,
    l1Bands: config.l1Bands ?? DEFAULT_L1_BANDS,
    records: recordSettings(config.records),
    recordBudget: config.recordBudget ?? DEFAULT_RECORD_BUDGET,
    xlsxReader: config.xlsxReader ?? sharedXlsxReader,
  };
  const app = new Hono();

  app.use('*', closeAfterEarlyAnswer);
  app.use('*', securityHeaders());
  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', CACHE_NEVER);
  });
  app.use('/api/*', refuseUnstorableQuery);
  // Only the push is bounded: it is what thousands of phones send at once, and the heaviest.
  // Only a token of ours takes a place, one per account, and only while its body keeps coming.
  const syncConcurrency = config.syncConcurrency ?? DEFAULT_SYNC_CONCURRENCY;
  const signedToken = requireSignedToken(tokens);
  const admitPush = admission({
    limit: syncConcurrency,
    queue: syncConcurrency * 2,
    perClient: { limit: PUSHES_PER_ACCOUNT, clientOf: (c) => c.get('signedAccount') as string },
  });
  const pushBodyInTime = bodyDeadline({ ...PUSH_BODY_DEADLINE, ...config.pushBodyDeadline });
  for (const step of [signedToken as MiddlewareHandler, admitPush, pushBodyInTime])
    app.use(syncApi.push, (c, next) => (c.req.method === 'POST' ? step(c, next) : next()));
  app.route('/api', authRoutes(deps));
  app.route('/api', courseRoutes(deps));
  app.route('/api', fileRoutes(deps));
  app.route('/api', syncRoutes(deps));
  app.route('/api', adminRoutes(deps));
  app.route('/api', assessmentRoutes(deps));
  app.route('/api', peopleRoutes(deps));
  app.route('/api', teamRoutes(deps));
  app.route('/api', rosterRoutes(deps));
  app.route('/api', assignmentRoutes(deps));
  app.route('/api', bundleRoutes(deps));
  app.route('/api', recordRoutes(deps));
  app.route('/api', discussionRoutes(deps));
  app.route('/api', cycleRoutes(deps));
  app.route('/api', akpkRoutes(deps));
  app.route('/api', attachmentRoutes(deps));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No API route ${c.req.method} ${c.req.path}`));
  // Before the PWA's fallback: whoever scans a certificate's QR may not have the app.
  app.route('/', verificationPage(deps));
  app.get('*', staticFiles(config.staticDir));

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      const response = apiError(c, error.status, error.code, error.message, error.details);
      for (const [name, value] of Object.entries(error.headers ?? {})) response.headers.set(name, value);
      return response;
    }
    // A file job (XLSX import, bundle upload) refused because enough wait already: come back later.
    if (error instanceof WorkerJobError && error.kind === 'busy') {
      const response = apiError(c, 503, 'server_busy', 'The server is busy with other files; try again shortly');
      response.headers.set('Retry-After', '10');
      return response;
    }
    // The client went away (its upload's job was dropped): no one reads this answer, and it is no server fault.
    if (c.req.raw.signal.aborted) return apiError(c, 400, 'bad_request', 'The request was aborted');
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return apiError(c, 500, 'internal', 'Internal server error');
  });
  return app;
}
