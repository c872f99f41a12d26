// @vitest-environment node
/**
 * The phone gzips its pushes only to a server that said it reads them (RFC 7694 `Accept-Encoding`
 * on an earlier answer), against the real server in process: an older server keeps getting
 * plain JSON, and a server rolled back after the phone learned it loses no record.
 */
import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { queueProgress, queueStatements } from '../../../src/app/data/outbox';
import { flush } from '../../../src/app/sync/engine';
import { createHttpTransport } from '../../../src/app/sync/transport';
import { buildCourseBundle } from '../../../src/cli/build-bundle';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { uuidv7 } from '../../../src/shared/id';
import { readBundle } from '../../../src/shared/bundle/read';
import type { SyncPushRequest } from '../../../src/shared/protocol';
import type { Manifest } from '../../../src/shared/schema/bundle';
import { lessonExperiencedStatement } from '../../../src/shared/xapi/build';
import { backends } from '../../server/backends';
import { login, startTestServer, type TestServer } from '../../server/harness';
import { MINI_COURSE_DIR } from '../content-server';

const ORIGIN = 'http://lentera.test';
let server: TestServer;
let manifest: Manifest;
let token: string;
let accountId: string;
let db: LenteraDb;

beforeAll(async () => {
  server = await startTestServer(backends[0]!);
  const { bundle } = await buildCourseBundle(MINI_COURSE_DIR);
  await publishBundle(server, bundle!.zip);
  manifest = (await readBundle(bundle!.zip)).manifest;
  ({
    token,
    user: { id: accountId },
  } = await login(server.app, 'learner'));
}, 60_000);
afterAll(() => server.close());
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(() => db.delete());

interface Push {
  encoding: string | null;
  ids: string[];
}

/**
 * The server as a phone reaches it, recording each push as sent. `older`: a server from before
 * gzip, which reads the body as JSON whatever it is (400 on gzip) and advertises nothing.
 */
function serverFetch(pushes: Push[], { older = false } = {}): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const path = request.url.slice(ORIGIN.length);
    if (path !== '/api/sync' || request.method !== 'POST') return server.app.request(path, request);
    const encoding = request.headers.get('content-encoding');
    const bytes = new Uint8Array(await request.arrayBuffer());
    const json = encoding === 'gzip' && !older ? gunzipSync(bytes) : bytes;
    let batch: SyncPushRequest;
    try {
      batch = JSON.parse(new TextDecoder().decode(json)) as SyncPushRequest;
    } catch {
      pushes.push({ encoding, ids: [] });
      return Response.json({ error: { code: 'bad_request', message: 'not JSON' } }, { status: 400 });
    }
    pushes.push({ encoding, ids: batch.statements.map((statement) => statement.id) });
    const headers = new Headers(request.headers);
    headers.delete('content-encoding');
    const answer = await server.app.request(path, { method: 'POST', headers, body: JSON.stringify(batch) });
    if (older) answer.headers.delete('accept-encoding');
    return answer;
  };
}

/** `count` lessons studied, a statement each: enough for a push worth gzipping. */
async function queueLessons(count: number): Promise<string[]> {
  const learner = { accountId, homePage: ORIGIN };
  const statements = Array.from({ length: count }, () =>
    lessonExperiencedStatement({
      learner,
      course: manifest,
      lesson: manifest.lessons[0]!,
      id: uuidv7(),
      registration: uuidv7(),
      at: new Date(),
    }),
  );
  await queueStatements(db, statements, new Date());
  return statements.map((statement) => statement.id);
}

async function syncThrough(fetchFn: typeof fetch, batchSize = 7) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = fetchFn;
  try {
    return await flush({ db, transport: createHttpTransport(ORIGIN), token, batchSize });
  } finally {
    globalThis.fetch = realFetch;
  }
}

describe('gzipped pushes', () => {
  it('go plain until the server says it reads gzip, then gzipped, from the first push of the next sync', async () => {
    const pushes: Push[] = [];
    const first = await queueLessons(21);
    expect(await syncThrough(serverFetch(pushes))).toEqual({ status: 'synced', sent: 21, setAside: 0 });
    expect(pushes.map((push) => push.encoding)).toEqual([null, 'gzip', 'gzip']);
    expect(pushes.flatMap((push) => push.ids)).toEqual(first);

    pushes.length = 0;
    await queueLessons(7);
    await syncThrough(serverFetch(pushes));
    expect(pushes.map((push) => push.encoding)).toEqual(['gzip']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a push too small to gain goes plain, even to a server reading gzip', async () => {
    const pushes: Push[] = [];
    await queueLessons(7);
    await syncThrough(serverFetch(pushes));
    const now = new Date().toISOString();
    const lessonId = manifest.lessons[0]!.id;
    const reading = {
      courseId: manifest.id,
      lessonId,
      openedAt: now,
      completedAt: null,
      position: 0.5,
      updatedAt: now,
    };
    await queueProgress(db, reading, new Date());
    await syncThrough(serverFetch(pushes));
    expect(pushes.map((push) => push.encoding)).toEqual([null, null]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('an older server only ever gets plain JSON', async () => {
    const pushes: Push[] = [];
    await queueLessons(21);
    expect(await syncThrough(serverFetch(pushes, { older: true }))).toEqual({
      status: 'synced',
      sent: 21,
      setAside: 0,
    });
    expect(pushes.map((push) => push.encoding)).toEqual([null, null, null]);
  });

  it('a server rolled back to before gzip gets the refused push again plain: nothing set aside', async () => {
    const pushes: Push[] = [];
    await queueLessons(14);
    await syncThrough(serverFetch(pushes));
    pushes.length = 0;
    const later = await queueLessons(14);
    expect(await syncThrough(serverFetch(pushes, { older: true }))).toEqual({
      status: 'synced',
      sent: 14,
      setAside: 0,
    });
    expect(pushes.map((push) => push.encoding)).toEqual(['gzip', null, null]);
    expect(pushes.flatMap((push) => push.ids)).toEqual(later);
    expect(await db.attention.count()).toBe(0);
  });

  it('the next push is gzipped while the one before is out, not after its answer', async () => {
    await queueLessons(7);
    await syncThrough(serverFetch([]));
    const events: string[] = [];
    const { CompressionStream } = globalThis;
    let gzips = 0;
    let gzipStarted = () => {};
    globalThis.CompressionStream = class extends CompressionStream {
      constructor(format: CompressionFormat) {
        super(format);
        events.push(`gzip ${++gzips}`);
        gzipStarted();
      }
    };
    const throughServer = serverFetch([]);
    let answered = 0;
    // Each answer but the last is held until the next body's gzip has started (or 1 s passed):
    // a phone gzipping only after the answer shows up as an answer before that gzip.
    const holdingAnswers: typeof fetch = async (input, init) => {
      const isPush = String(input).endsWith('/api/sync') && init?.method === 'POST';
      if (!isPush) return throughServer(input, init);
      const push = answered + 1;
      const answer = await throughServer(input, init);
      if (push < 3 && gzips <= push)
        await new Promise<void>((resolve) => {
          gzipStarted = resolve;
          setTimeout(resolve, 1000);
        });
      events.push(`answer ${++answered}`);
      return answer;
    };
    try {
      await queueLessons(21);
      expect(await syncThrough(holdingAnswers)).toEqual({ status: 'synced', sent: 21, setAside: 0 });
    } finally {
      globalThis.CompressionStream = CompressionStream;
    }
    // Each body gzipped once, the next one before the answer to the push before it.
    expect(events).toEqual(['gzip 1', 'gzip 2', 'answer 1', 'gzip 3', 'answer 2', 'answer 3']);
  });

  it('a browser without CompressionStream sends plain', async () => {
    const pushes: Push[] = [];
    await queueLessons(7);
    await syncThrough(serverFetch(pushes));
    const { CompressionStream } = globalThis;
    Reflect.deleteProperty(globalThis, 'CompressionStream');
    try {
      await queueLessons(7);
      await syncThrough(serverFetch(pushes));
    } finally {
      globalThis.CompressionStream = CompressionStream;
    }
    expect(pushes.map((push) => push.encoding)).toEqual([null, null]);
    expect(await db.outbox.count()).toBe(0);
  });
  it('a browser whose CompressionStream throws sends plain, and its records still go up', async () => {
    const pushes: Push[] = [];
    await queueLessons(7);
    await syncThrough(serverFetch(pushes));
    const { CompressionStream } = globalThis;
    globalThis.CompressionStream = class {
      constructor() {
        throw new TypeError('gzip is not supported here');
      }
    } as unknown as typeof CompressionStream;
    try {
      await queueLessons(7);
      expect(await syncThrough(serverFetch(pushes))).toEqual({ status: 'synced', sent: 7, setAside: 0 });
    } finally {
      globalThis.CompressionStream = CompressionStream;
    }
    expect(pushes.map((push) => push.encoding)).toEqual([null, null]);
    expect(await db.outbox.count()).toBe(0);
  });
});
