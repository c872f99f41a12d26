/**
 * Issue 15.4: several server processes on one PostgreSQL database. Started at the same moment on
 * an empty database, both come up (migrating, seeding and importing bundles race safely). A
 * learner whose pushes alternate between them (a load balancer without sticky sessions) has
 * each record stored once, quiz results re-scored on either. With one object store, a course
 * uploaded on one server is served by the other. A
 * server with a fresh data folder (local file storage) gets the course files back from its
 * bundles folder, so it answers quiz files; one that cannot get them back refuses to start,
 * saying why — never a 500 on a learner's push later. Runs when TEST_DATABASE_URL is set, on the
 * built server (`npm run build`) as `npm run serve` runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { openPostgresDb } from '../../src/server/db/postgres';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import {
  api,
  syncApi,
  type CatalogResponse,
  type CourseManifestResponse,
  type LoginResponse,
  type SyncPushResponse,
} from '../../src/shared/protocol';
import { bundleApi, type UploadBundleResponse } from '../../src/shared/protocol/bundles';
import { readBundle } from '../../src/shared/bundle/read';
import type { Statement } from '../../src/shared/xapi/statement';
import { FAKE_CREDENTIALS, FAKE_REGION, startFakeS3 } from './fake-s3';
import { bearer } from './harness';
import { learnerRecords } from './sync-kit';
import { writeFile } from 'node:fs/promises';
import { freePort, serveArguments, stopProcess } from '../processes';

const ROOT = resolve(import.meta.dirname, '../..');
const postgresUrl = process.env.TEST_DATABASE_URL;

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

describe.skipIf(postgresUrl === undefined)('two servers on one PostgreSQL database', () => {
  let dir: string;
  let schema: string;
  let databaseUrl: string;
  const running: Started[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-two-servers-'));
    schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgresDb(postgresUrl!, schema); // creates the empty schema
    await admin.close();
    const url = new URL(postgresUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.href;
    const bundles = join(dir, 'bundles');
    await mkdir(bundles, { recursive: true });
    const { bundle } = await buildCourseBundle(join(ROOT, 'content/etika-berakhlak'));
    await writeFile(join(bundles, 'etika-berakhlak.zip'), bundle!.zip);
  }, 120_000);
  afterAll(async () => {
    for (const server of running) await stopProcess(server.child);
    const db = await openPostgresDb(postgresUrl!);
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(name: string, bundlesDir: string, extraEnv: Record<string, string> = {}): Promise<Started> {
    const port = await freePort();
    const { DATABASE_URL: _db, ...inherited } = process.env;
    const child = spawn(process.execPath, serveArguments(), {
      cwd: ROOT,
      env: {
        ...inherited,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        LENTERA_DEMO: '1',
        LENTERA_DATA_DIR: join(dir, name, 'data'), // each its own local file storage
        LENTERA_BUNDLES_DIR: bundlesDir,
        LENTERA_STATIC_DIR: join(dir, name, 'dist'),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const started = { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
    running.push(started);
    return started;
  }

  async function answering(server: Started): Promise<void> {
    const deadline = Date.now() + 100_000;
    while (!server.output().includes('Lentera is running')) {
      if (server.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`server did not start:\n${server.output()}`);
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }

  async function login(url: string, role: 'learner' | 'admin'): Promise<LoginResponse> {
    const { nip, password } = DEMO_ACCOUNTS[role];
    const response = await fetch(url + api.login, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nip, password }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as LoginResponse;
  }

  async function pushTo(url: string, token: string, statements: Statement[]): Promise<Record<string, string>> {
    const response = await fetch(url + syncApi.push, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ statements, progress: [] }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    return Object.fromEntries(results.map((result) => [result.id, result.status]));
  }

  async function learnerToken(url: string): Promise<string> {
    return (await login(url, 'learner')).token;
  }

  it('both come up when started at the same moment on an empty database', async () => {
    const bundles = join(dir, 'bundles');
    const [first, second] = [await start('a', bundles), await start('b', bundles)];
    await Promise.all([answering(first), answering(second)]);
    for (const server of [first, second]) {
      const token = await learnerToken(server.url);
      const response = await fetch(server.url + api.courses, { headers: { authorization: `Bearer ${token}` } });
      const { courses } = (await response.json()) as CatalogResponse;
      expect(courses.map((course) => course.id)).toEqual(['etika-berakhlak']);
    }
  }, 200_000);

  it('a learner alternating between the two has each record stored exactly once, quiz results included', async () => {
    const [first, second] = running as [Started, Started];
    const session = await login(first.url, 'learner');
    const { bundle } = await buildCourseBundle(join(ROOT, 'content/etika-berakhlak'));
    const records = learnerRecords(session.user, await readBundle(bundle!.zip));
    const { manifest } = await readBundle(bundle!.zip);
    const quiz = manifest.quizzes[0]!;
    const batches: Statement[][] = [
      [records.experienced(manifest.lessons[0]!.id), ...records.attempt(quiz.id, {})],
      [records.experienced(manifest.lessons[1]!.id)],
      [...records.attempt(quiz.id, {}), records.completed()],
    ];
    const sent = batches.flat();
    // Each batch to one server, then again to the other, as a phone whose answer was lost would.
    for (const [index, batch] of batches.entries()) {
      const [there, back] = index % 2 === 0 ? [first, second] : [second, first];
      expect(Object.values(await pushTo(there.url, session.token, batch))).toEqual(batch.map(() => 'stored'));
      expect(Object.values(await pushTo(back.url, session.token, batch))).toEqual(batch.map(() => 'duplicate'));
    }
    const db = await openPostgresDb(databaseUrl);
    try {
      const ids = sent.map((statement) => statement.id);
      const [row] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM statements WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(row?.n).toBe(sent.length);
      const [attempts] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM quiz_attempts WHERE user_id = $1',
        [session.user.id],
      );
      expect(attempts?.n).toBe(2);
    } finally {
      await db.close();
    }
    // Either server reads back the same progress (each stamps its own clock reading beside it).
    const progress = await Promise.all(
      [first, second].map(async (server) => {
        const answer = await fetch(server.url + syncApi.progress, { headers: bearer(session.token) });
        const { serverTime, ...rest } = (await answer.json()) as { serverTime?: string };
        expect(serverTime).toEqual(expect.any(String));
        return rest;
      }),
    );
    expect(progress[0]).toEqual(progress[1]);
  }, 200_000);

  it('a third with a fresh data folder serves every file again, quiz files included, from its bundles', async () => {
    const third = await start('c', join(dir, 'bundles'));
    await answering(third);
    const token = await learnerToken(third.url);
    const headers = { authorization: `Bearer ${token}` };
    const { manifest } = (await (
      await fetch(third.url + api.course('etika-berakhlak'), { headers })
    ).json()) as CourseManifestResponse;
    for (const file of manifest.files) {
      const response = await fetch(third.url + api.file(file.sha256), { headers });
      expect(response.status, file.path).toBe(200);
      await response.arrayBuffer();
    }
  }, 200_000);

  it('one that cannot get the files back refuses to start, saying why', async () => {
    const empty = join(dir, 'no-bundles');
    await mkdir(empty, { recursive: true });
    const fourth = await start('d', empty);
    expect(await fourth.exited).toBe(1);
    expect(fourth.output()).toContain('Course files the database lists are missing');
    expect(fourth.output()).toContain('quizzes/');
  }, 200_000);

  it('with one object store, a course uploaded on one server is served by the other', async () => {
    const s3 = await startFakeS3();
    try {
      const env = {
        LENTERA_S3_ENDPOINT: s3.endpoint,
        LENTERA_S3_BUCKET: 'lentera-cluster',
        LENTERA_S3_REGION: FAKE_REGION,
        LENTERA_S3_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
        LENTERA_S3_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      };
      const [uploading, serving] = [
        await start('e', join(dir, 'bundles'), env),
        await start('f', join(dir, 'bundles'), env),
      ];
      await Promise.all([answering(uploading), answering(serving)]);
      const admin = bearer((await login(uploading.url, 'admin')).token);
      const { bundle } = await buildCourseBundle(join(ROOT, 'test/fixtures/mini-course'));
      const uploaded = await fetch(uploading.url + bundleApi.upload, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/zip' },
        body: new Blob([new Uint8Array(bundle!.zip)]),
      });
      expect(uploaded.status).toBe(201);
      const { version } = (await uploaded.json()) as UploadBundleResponse;
      const published = await fetch(uploading.url + bundleApi.publish('mini-course'), {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ version }),
      });
      expect(published.status).toBe(200);

      const learner = bearer((await login(serving.url, 'learner')).token);
      const { manifest } = (await (
        await fetch(serving.url + api.course('mini-course'), { headers: learner })
      ).json()) as CourseManifestResponse;
      expect(manifest.files.length).toBeGreaterThan(0);
      for (const file of manifest.files) {
        const response = await fetch(serving.url + api.file(file.sha256), { headers: learner });
        expect(response.status, file.path).toBe(200);
        expect(new Uint8Array(await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    } finally {
      for (const server of running.splice(running.length - 2)) await stopProcess(server.child);
      await s3.close();
    }
  }, 200_000);
});
