import { join } from 'node:path';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { readBundle } from '../../src/shared/bundle/read';
import { api } from '../../src/shared/protocol';
import type { Manifest } from '../../src/shared/schema/bundle';

export const MINI_COURSE_DIR = join(import.meta.dirname, '../fixtures/mini-course');

export interface ContentServer {
  manifest: Manifest;
  /** Paths of every request received, in order. */
  requests: string[];
  /** Answers a file request instead of the real bytes (return undefined to serve normally). */
  intercept?: (path: string) => Response | 'network-error' | undefined;
  fetch: typeof fetch;
}

/**
 * Serves the mini course the way the Lentera server does (manifest + content-addressed
 * files), with hooks to break it, for data-layer tests that must not need a database.
 */
export async function startContentServer(): Promise<ContentServer> {
  const { bundle } = await buildCourseBundle(MINI_COURSE_DIR);
  const { manifest, files } = await readBundle(bundle!.zip);
  const byHash = new Map(manifest.files.map((file) => [file.sha256, files.get(file.path)!]));
  const server: ContentServer = {
    manifest,
    requests: [],
    fetch: async (input) => {
      const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
      server.requests.push(path);
      const intercepted = server.intercept?.(path);
      if (intercepted === 'network-error') throw new TypeError('Failed to fetch');
      if (intercepted) return intercepted;
      if (path === api.course(manifest.id)) return Response.json({ manifest });
      const hash = path.startsWith('/api/files/') ? path.slice('/api/files/'.length) : '';
      const bytes = byHash.get(hash);
      if (bytes) return new Response(bytes.slice());
      return Response.json({ error: { code: 'not_found', message: 'not found' } }, { status: 404 });
    },
  };
  return server;
}
