import { Hono } from 'hono';
import type { CatalogResponse, CourseManifestResponse } from '../../shared/protocol';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { findPublishedManifest, listCatalog } from '../services/courses';
import type { RouteDeps } from './deps';

export function courseRoutes({ db, tokens }: RouteDeps) {
  const signedIn = requireUser(tokens);
  return new Hono<AuthEnv>()
    .get('/courses', signedIn, async (c) => c.json<CatalogResponse>({ courses: await listCatalog(db) }))
    .get('/courses/:id', signedIn, async (c) => {
      const manifest = await findPublishedManifest(db, c.req.param('id'));
      if (manifest === null) throw new ApiError(404, 'course_not_found', `No published course "${c.req.param('id')}"`);
      return c.json<CourseManifestResponse>({ manifest });
    });
}
