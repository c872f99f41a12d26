import { Hono } from 'hono';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/protocol';
import { createSessionTokens } from './auth/tokens';
import type { ServerConfig } from './config';
import type { Queryable } from './db/db';
import { ApiError, apiError } from './http/api-error';
import { CACHE_NEVER } from './http/cache-control';
import { staticFiles } from './http/static-files';
import { authRoutes } from './routes/auth';
import { courseRoutes } from './routes/courses';
import type { RouteDeps } from './routes/deps';
import { fileRoutes } from './routes/files';
import { loadTokenSecret } from './services/settings';
import type { BlobStore } from './storage/blob-store';

export interface AppDeps {
  db: Queryable;
  blobs: BlobStore;
  config: Pick<ServerConfig, 'staticDir' | 'tokenTtlDays'>;
}

/** The whole HTTP surface, without sockets: `main.ts` binds it to a port, tests call `app.request()`. */
export function createApp({ db, blobs, config }: AppDeps): Hono {
  const tokens = createSessionTokens({ loadSecret: () => loadTokenSecret(db), ttlDays: config.tokenTtlDays });
  const deps: RouteDeps = { db, blobs, tokens };
  const app = new Hono();

  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', CACHE_NEVER);
  });
  app.route('/api', authRoutes(deps));
  app.route('/api', courseRoutes(deps));
  app.route('/api', fileRoutes(deps));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No API route ${c.req.method} ${c.req.path}`));
  app.get('*', staticFiles(config.staticDir));

  app.onError((error, c) => {
    if (error instanceof ApiError) return apiError(c, error.status, error.code, error.message, error.details);
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return apiError(c, 500, 'internal', 'Internal server error');
  });
  return app;
}
