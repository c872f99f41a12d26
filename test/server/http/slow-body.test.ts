/**
 * A broken-input review: one learner's token could block sync for every phone. Sockets sending a
 * push's headers and one byte of its body held every place of admission control (issue 15.3)
 * until Node's 5-minute request timeout, and each honest push was answered 503 meanwhile. Now
 * only a token of ours takes a place, one per account, and only while its body keeps arriving.
 * Real sockets on a real port: the trickling is what is tested. Also: an answer given before
 * the body was read (413) says `Connection: close`, so the client does not reuse a connection
 * the server is about to drop.
 */
import { serve, type ServerType } from '@hono/node-server';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppDeps } from '../../../src/server/app';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { syncApi, type SyncPushResponse } from '../../../src/shared/protocol';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { login, startTestServer, type TestServer } from '../harness';
import { learnerRecords, SETUP_TIMEOUT_MS, signInNewLearner } from '../sync-kit';

/** A socket that sent a push's headers, announcing 100 KB of body, and one byte of it: then nothing. */
interface Trickler {
  socket: Socket;
  /** What the server wrote back, so far. */
  answer: () => string;
  closed: Promise<void>;
}

function trickle(port: number, token: string | undefined): Trickler {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `POST ${syncApi.push} HTTP/1.1\r\nHost: x\r\n` +
      (token === undefined ? '' : `Authorization: Bearer ${token}\r\n`) +
      'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
  );
  return { socket, answer: () => answer, closed };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)('a push whose body trickles in, on $name', (backend) => {
  let server: TestServer;
  const listeners: ServerType[] = [];
  const tricklers: Trickler[] = [];
  const bundle = buildBundle({ id: 'pelan' });
  let honest: { token: string; push: (url: string) => Promise<Response> };
  const others: string[] = [];

  /** A server of its own over the test database: one push served at once and two waiting, unless told. */
  async function listen(config: Partial<AppDeps['config']> = {}): Promise<{ url: string; port: number }> {
    const app = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, syncConcurrency: 1, ...config },
    });
    const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    listeners.push(http);
    await new Promise<void>((resolve) => http.once('listening', resolve));
    const { port } = http.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, port };
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    const session = await login(server.app, 'learner');
    const records = learnerRecords(session.user, bundle);
    honest = {
      token: session.token,
      push: (url) =>
        fetch(url + syncApi.push, {
          method: 'POST',
          headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ statements: [records.experienced(bundle.manifest.lessons[0]!.id)], progress: [] }),
        }),
    };
    for (const [index, name] of ['Budi Santoso', 'Citra Lestari', 'Dewi Anggraini'].entries())
      others.push((await signInNewLearner(server, `19900101201502100${index + 1}`, name)).token);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    for (const trickler of tricklers) trickler.socket.destroy();
    for (const http of listeners) await new Promise((resolve) => http.close(resolve));
    await server.close();
  });

  const startTrickling = async (port: number, tokens: (string | undefined)[]) => {
    const started = tokens.map((token) => trickle(port, token));
    tricklers.push(...started);
    // Let the server take them in (and, before the fix, give them its places).
    await wait(300);
    return started;
  };

  it('one account trickling on 16 sockets holds one place: an honest push is served at once', async () => {
    // Two served at once, four waiting: the trickler holds one of the two.
    const { url, port } = await listen({ syncConcurrency: 2 });
    const stuck = await startTrickling(port, Array(16).fill(others[0]));
    const startedAt = performance.now();
    const response = await honest.push(url);
    expect(response.status).toBe(200);
    // Not after the trickler was cut off (10 s): beside it.
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(((await response.json()) as SyncPushResponse).results[0]?.status).toBe('stored');
    // Its other 15 were told at once to come back later.
    expect(stuck.filter((trickler) => trickler.answer().startsWith('HTTP/1.1 503')).length).toBe(15);
  });

  it('clients without a token of ours take no place at all', async () => {
    const { url, port } = await listen();
    const stuck = await startTrickling(port, [...Array(8).fill(undefined), ...Array(8).fill('not.a.token')]);
    expect((await honest.push(url)).status).toBe(200);
    expect(stuck.every((trickler) => trickler.answer().startsWith('HTTP/1.1 401'))).toBe(true);
  });

  it('accounts trickling on every place are cut off at the body deadline: honest pushes are served again', async () => {
    const { url, port } = await listen({
      pushBodyDeadline: { graceMs: 600, minBytesPerSecond: 1_000, maxMs: 60_000, checkEveryMs: 100 },
    });
    // Three accounts, three places (one served, two waiting): the server is full, as it may be.
    const stuck = await startTrickling(port, others);
    const whileFull = await honest.push(url);
    expect(whileFull.status).toBe(503);
    await whileFull.body?.cancel();
    // The one served is cut off after its grace, then each waiting one in turn after its own.
    await Promise.race([Promise.all(stuck.map((trickler) => trickler.closed)), wait(10_000)]);
    expect(stuck.every((trickler) => trickler.socket.destroyed)).toBe(true);
    expect((await honest.push(url)).status).toBe(200);
  });

  it('a body refused before it was read (413) closes the connection, so the next request opens a new one', async () => {
    const { url } = await listen();
    const post = (body: string) =>
      fetch(url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const refused = await post(JSON.stringify({ nip: 'x'.repeat(1 << 20), password: 'x' }));
    expect(refused.status).toBe(413);
    expect(refused.headers.get('connection')).toBe('close');
    await refused.text();
    // At once, as a phone's next request would: before the fix it went on the connection the
    // server dropped half a second after the 413 ("other side closed").
    for (let index = 0; index < 2; index++) {
      const next = await post(JSON.stringify({ nip: '199001012015021001', password: 'salah' }));
      expect(next.status).toBe(401);
      expect(next.headers.get('connection')).not.toBe('close');
      await next.text();
    }
  });
});
