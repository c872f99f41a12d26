import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { listCatalog } from '../../src/server/services/courses';
import type {
  AdminCourse,
  AdminCoursesResponse,
  InvalidBundleDetails,
  BundleProblem,
} from '../../src/shared/protocol/bundles';
import { bundleApi } from '../../src/shared/protocol/bundles';
import type { ApiErrorBody } from '../../src/shared/protocol';
import { bearer, type TestServer } from './harness';

/** Publishing through the HTTP API, as the admin screens and the CLI do it. */
export function publishingClient(app: Hono, token: string) {
  const json = (path: string, body?: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    upload: (zip: Uint8Array, contentType = 'application/zip') =>
      Promise.resolve(
        app.request(bundleApi.upload, {
          method: 'POST',
          headers: { ...bearer(token), 'content-type': contentType },
          body: zip as Uint8Array<ArrayBuffer>,
        }),
      ),
    publish: (courseId: string, version: string) => Promise.resolve(json(bundleApi.publish(courseId), { version })),
    unpublish: (courseId: string) => Promise.resolve(json(bundleApi.unpublish(courseId))),
    adminCourse: async (courseId: string): Promise<AdminCourse | undefined> => {
      const response = await app.request(bundleApi.adminCourses, { headers: bearer(token) });
      return ((await response.json()) as AdminCoursesResponse).courses.find((course) => course.id === courseId);
    },
    catalogVersion: async (courseId: string): Promise<string | undefined> => {
      const response = await app.request('/api/courses', { headers: bearer(token) });
      return ((await response.json()) as { courses: { id: string; version: string }[] }).courses.find(
        (course) => course.id === courseId,
      )?.version;
    },
  };
}

export async function problemsOf(response: Response): Promise<BundleProblem[]> {
  const body = (await response.json()) as ApiErrorBody;
  if (body.error.code !== 'invalid_bundle')
    throw new Error(`expected invalid_bundle, got ${body.error.code}: ${body.error.message}`);
  return (body.error.details as InvalidBundleDetails).problems;
}

/** Everything an upload could leave behind: catalog, rows and blobs. Equal snapshots = nothing stored. */
export async function storageSnapshot(server: TestServer) {
  return {
    catalog: await listCatalog(server.db),
    courses: await server.db.query('SELECT id, published_version, updated_at FROM courses ORDER BY id'),
    versions: await server.db.query('SELECT course_id, version FROM course_versions ORDER BY course_id, version'),
    files: await server.db.query('SELECT sha256 FROM files ORDER BY sha256'),
    events: await server.db.query('SELECT id FROM publish_events ORDER BY id'),
    blobs: await blobFiles(join(server.dir, 'files')),
  };
}

export async function blobFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
