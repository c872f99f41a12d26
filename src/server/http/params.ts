import type { Context, MiddlewareHandler } from 'hono';
import { Manifest, SemVer } from '../../shared/schema/bundle';
import { ApiError } from './api-error';

/**
 * Refuses (400) a query string holding a NUL byte (`%00`), before any route reads it:
 * PostgreSQL's text cannot hold NUL, so a query parameter with one would fail its query with a
 * 500. Checked once for every route, so a new parameter cannot forget it. Path parameters are
 * each route's own (`courseIdParam`…: an odd one names nothing, a 404); a test sends `%00` in
 * every one of every route. The other unstorable text, an unpaired surrogate, cannot come from
 * an address: Hono leaves an escape that is not UTF-8 (`%ED%A0%80`) undecoded.
 */
export const refuseUnstorableQuery: MiddlewareHandler = async (c, next) => {
  const { url } = c.req;
  const query = url.indexOf('?');
  if (query !== -1 && url.includes('%00', query))
    throw new ApiError(
      400,
      'bad_request',
      'The query string contains a NUL character (%00), which no parameter may hold',
    );
  await next();
};

/**
 * Path parameters naming a course or a version. Anything that cannot be one names nothing:
 * a 404 before any query, so odd input (a NUL byte, which PostgreSQL refuses outright) never
 * turns into a 500.
 */
export function courseIdParam(c: Context, name = 'id'): string {
  const id = c.req.param(name) ?? '';
  if (!Manifest.shape.id.safeParse(id).success) throw new ApiError(404, 'course_not_found', `No course "${id}"`);
  return id;
}

export function versionParam(c: Context): string {
  const version = c.req.param('version') ?? '';
  if (!SemVer.safeParse(version).success) throw new ApiError(404, 'not_found', `No version "${version}"`);
  return version;
}
