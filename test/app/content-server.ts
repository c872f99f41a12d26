import { join } from 'node:path';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { readBundle } from '../../src/shared/bundle/read';
import { api } from '../../src/shared/protocol';
import type { Manifest } from '../../src/shared/schema/bundle';

export const MINI_COURSE_DIR = join(import.meta.dirname, '../fixtures/mini-course');

export interface ContentServer {
  manifest: Manifest;
  /** Publishes another build of the course (a new version) in place of the current one. */
  publish(courseDir: string): Promise<void>;
  /** Paths of every request received, in order. */
  requests: string[];
  /** Answers a file request instead of the real bytes (return undefined to serve normally). */
  intercept?: (path: string) => Response | 'network-error' | undefined;
  /** The Range header of every file request, in order (undefined when there was none). */
  ranges: (string | undefined)[];
  fetch: typeof fetch;
}

/**
 * Serves the mini course the way the Lentera server does (manifest + content-addressed
 * files), with hooks to break it, for data-layer tests that must not need a database.
 */
export async function startContentServer(courseDir = MINI_COURSE_DIR): Promise<ContentServer> {
  const byHash = new Map<string, Uint8Array>();
  const load = async (dir: string): Promise<Manifest> => {
    const { bundle, problems } = await buildCourseBundle(dir);
    if (!bundle) throw new Error(`fixture course does not build: ${JSON.stringify(problems)}`);
    const { manifest, files } = await readBundle(bundle.zip);
    for (const file of manifest.files) byHash.set(file.sha256, files.get(file.path)!);
    return manifest;
  };
  const server: ContentServer = {
    manifest: await load(courseDir),
    publish: async (dir) => {
      server.manifest = await load(dir);
    },
    requests: [],
    ranges: [],
    fetch: async (input, init) => {
      const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
      server.requests.push(path);
      const intercepted = server.intercept?.(path);
      if (intercepted === 'network-error') throw new TypeError('Failed to fetch');
      if (intercepted) return intercepted;
      if (path === api.course(server.manifest.id))
        return Response.json({ manifest: server.manifest, signature: 'c2lnbmF0dXJl' });
      const hash = path.startsWith('/api/files/') ? path.slice('/api/files/'.length) : '';
      const bytes = byHash.get(hash);
      const range = (init?.headers as Record<string, string> | undefined)?.range;
      if (bytes) server.ranges.push(range);
      const first = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1]) : NaN;
      if (bytes && first >= 0) return new Response(bytes.slice(first), { status: 206 });
      if (bytes) return new Response(bytes.slice());
      return Response.json({ error: { code: 'not_found', message: 'not found' } }, { status: 404 });
    },
  };
  return server;
}
