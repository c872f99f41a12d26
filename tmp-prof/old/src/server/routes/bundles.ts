import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { BundleError } from '../../shared/bundle/read';
import type {
  AdminCourse,
  AdminCoursesResponse,
  InvalidBundleDetails,
  SignedManifest,
  SigningKeyResponse,
  UploadBundleResponse,
} from '../../shared/protocol/bundles';
import { SemVer } from '../../shared/schema/bundle';
import { requireAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError, apiError } from '../http/api-error';
import { courseIdParam, versionParam } from '../http/params';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { bodyLimit } from 'hono/body-limit';
import { mediaType } from '../http/raw-body';
import {
  deleteVersion,
  findAdminCourse,
  findStoredManifest,
  listAdminCourses,
  publishVersion,
  unpublishCourse,
  uploadBundle,
  type PublishChange,
} from '../services/publishing';
import type { RouteDeps } from './deps';

/** What publish and unpublish answer: the course as the admin list shows it. */
export interface CourseChangeResponse {
  course: AdminCourse;
}

const PublishRequest = z.object({ version: SemVer }).strict();
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/octet-stream']);

/**
 * Publishing (admins only) and the public signing key. Paths are `bundleApi` in
 * `shared/protocol/bundles.ts`, relative to `/api`.
 */
export function bundleRoutes({ db, blobs, tokens, signer, bundleLimits }: RouteDeps) {
  const admin = requireAdmin(tokens);
  return new Hono<AuthEnv>()
    .get('/signing-key', async (c) => c.json<SigningKeyResponse>({ publicKey: await signer.publicKey() }))
    .post('/admin/bundles', admin, zipBodyLimit(bundleLimits.maxZipBytes), async (c) => {
      const zip = await readZipBody(c);
      try {
        const uploaded = await uploadBundle({ db, blobs }, zip, {
          uploadedBy: c.var.session.userId,
          limits: bundleLimits,
          handOver: true,
        });
        return c.json<UploadBundleResponse>(uploaded, 201);
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        const details: InvalidBundleDetails = { problems: error.problems };
        throw new ApiError(
          422,
          'invalid_bundle',
          `The bundle was refused: ${error.problems.length} problem(s)`,
          details,
        );
      }
    })
    .get('/admin/courses', admin, async (c) => c.json<AdminCoursesResponse>({ courses: await listAdminCourses(db) }))
    .get('/admin/courses/:id/versions/:version', admin, async (c) => {
      const id = courseIdParam(c);
      const version = versionParam(c);
      const manifest = await findStoredManifest(db, id, version);
      if (manifest === null) {
        const known = (await findAdminCourse(db, id)) !== null;
        throw new ApiError(
          404,
          known ? 'not_found' : 'course_not_found',
          known ? `Course "${id}" has no version ${version}` : `No course "${id}"`,
        );
      }
      return c.json<SignedManifest>({ manifest, signature: await signer.sign(manifest) });
    })
    .delete('/admin/courses/:id/versions/:version', admin, async (c) => {
      const id = courseIdParam(c);
      const version = versionParam(c);
      const deleted = await deleteVersion(db, id, version);
      if (!deleted.ok) {
        if (deleted.reason === 'course_not_found') throw new ApiError(404, 'course_not_found', `No course "${id}"`);
        if (deleted.reason === 'version_not_found')
          throw new ApiError(404, 'not_found', `Course "${id}" has no version ${version}`);
        throw new ApiError(
          409,
          'version_was_published',
          `Version ${version} of "${id}" has been published: phones may hold it, so it is kept`,
        );
      }
      return c.json<{ course: AdminCourse | null }>({ course: await findAdminCourse(db, id) });
    })
    .post('/admin/courses/:id/publish', admin, jsonBodyLimit, async (c) => {
      const { version } = await readJsonBody(c, PublishRequest);
      return answer(c, await publishVersion(db, courseIdParam(c), version, c.var.session.userId), version);
    })
    .post('/admin/courses/:id/unpublish', admin, async (c) =>
      answer(c, await unpublishCourse(db, courseIdParam(c), c.var.session.userId)),
    );
}

function answer(c: Context<AuthEnv>, change: PublishChange, version?: string): Response {
  if (change.ok) return c.json<CourseChangeResponse>({ course: change.course });
  const id = c.req.param('id');
  if (change.reason === 'course_not_found') throw new ApiError(404, 'course_not_found', `No course "${id}"`);
  throw new ApiError(404, 'not_found', `Course "${id}" has no version ${version ?? ''}; upload it first`);
}

/** The raw zip body; `bodyLimit` has already refused one over the cap (413) before it filled memory. */
async function readZipBody(c: Context): Promise<Uint8Array> {
  if (!ZIP_TYPES.has(mediaType(c)))
    throw new ApiError(
      400,
      'bad_request',
      'Send the bundle zip itself as the body, with Content-Type: application/zip',
    );
  if (c.req.raw.body === null) throw new ApiError(400, 'bad_request', 'The request has no body: send the bundle zip');
  return new Uint8Array(await c.req.arrayBuffer());
}

/**
 * Hono's `bodyLimit`, like the JSON routes: a declared Content-Length over the cap is refused
 * before a byte is read, and a body without one is cut off as soon as it passes the cap.
 */
function zipBodyLimit(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => apiError(c, 413, 'payload_too_large', `A bundle zip may be at most ${maxBytes} bytes`),
  });
}
