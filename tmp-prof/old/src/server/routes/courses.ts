import { Hono, type Context } from 'hono';
import type { CatalogResponse, CourseManifestResponse } from '../../shared/protocol';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { courseIdParam } from '../http/params';
import { missingBlobs, signedBundleStream } from '../services/bundle-export';
import { findPublishedManifest } from '../services/courses';
import type { RouteDeps } from './deps';

export function courseRoutes({ db, blobs, tokens, signer, content }: RouteDeps) {
  const signedIn = requireUser(tokens);
  const publishedManifest = async (c: Context) => {
    const courseId = courseIdParam(c);
    const manifest = await findPublishedManifest(db, courseId);
    if (manifest === null) throw new ApiError(404, 'course_not_found', `No published course "${courseId}"`);
    return manifest;
  };
  return (
    new Hono<AuthEnv>()
      .get('/courses', signedIn, async (c) => c.json<CatalogResponse>({ courses: await content.catalog(db) }))
      .get('/courses/:id', signedIn, async (c) => {
        const manifest = await publishedManifest(c);
        return c.json<CourseManifestResponse>({ manifest, signature: await signer.sign(manifest) });
      })
      // The published version as one signed zip, to save and pass on to phones without signal.
      .get('/courses/:id/bundle', signedIn, async (c) => {
        const manifest = await publishedManifest(c);
        const missing = await missingBlobs(blobs, manifest);
        if (missing.length > 0)
          throw new Error(
            `Course ${manifest.id} ${manifest.version}: files missing from blob storage: ${missing.join(', ')}`,
          );
        const signature = await signer.sign(manifest);
        // id is a slug and version is x.y.z, so the name needs no escaping.
        return c.body(signedBundleStream(blobs, manifest, signature), 200, {
          'Content-Type': 'application/zip',
          'Content-Disposition': `attachment; filename="${manifest.id}-${manifest.version}.lentera.zip"`,
        });
      })
  );
}
