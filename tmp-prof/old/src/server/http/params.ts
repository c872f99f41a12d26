import type { Context } from 'hono';
import { Manifest, SemVer } from '../../shared/schema/bundle';
import { ApiError } from './api-error';

/**
 * Path parameters naming a course or a version. Anything that cannot be one names nothing:
 * a 404 before any query, so odd input (a NUL byte, which PostgreSQL refuses outright) never
 * turns into a 500.
 */
export function courseIdParam(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!Manifest.shape.id.safeParse(id).success) throw new ApiError(404, 'course_not_found', `No course "${id}"`);
  return id;
}

export function versionParam(c: Context): string {
  const version = c.req.param('version') ?? '';
  if (!SemVer.safeParse(version).success) throw new ApiError(404, 'not_found', `No version "${version}"`);
  return version;
}
