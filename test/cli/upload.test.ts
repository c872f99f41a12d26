import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpload, type UploadIo } from '../../src/cli/upload';
import { createApp } from '../../src/server/app';
import { listCatalog } from '../../src/server/services/courses';
import { findAdminCourse } from '../../src/server/services/publishing';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { buildBundle, FIXTURE_PATHS } from '../fixtures/bundles';
import { backends } from '../server/backends';
import { startTestServer, type TestServer } from '../server/harness';

/** Runs the CLI against a real HTTP server on 127.0.0.1 (the in-process app behind @hono/node-server). */
describe.each(backends)('npm run upload against a server on $name', (backend) => {
  let server: TestServer;
  let http: ServerType;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    dir = await mkdtemp(join(tmpdir(), 'lentera-upload-'));
    http = serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => http.once('listening', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const admin = { LENTERA_NIP: DEMO_ACCOUNTS.admin.nip, LENTERA_PASSWORD: DEMO_ACCOUNTS.admin.password };

  async function run(args: string[], env: Record<string, string | undefined> = admin, extra: Partial<UploadIo> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const progress: string[] = [];
    const code = await runUpload(args, {
      env,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      progress: (line) => progress.push(line),
      ...extra,
    });
    return { code, out: out.join('\n'), err: err.join('\n'), progress };
  }

  async function bundleFile(name: string, zip: Uint8Array): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, zip);
    return path;
  }

  it('uploads a bundle with a progress line and exits 0; the course is stored but not published', async () => {
    const file = await bundleFile('cli-satu.zip', buildBundle({ id: 'cli-satu' }).zip);
    const result = await run([file, '--server', url]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/Uploaded cli-satu 1\.0\.0/);
    expect(result.out).toMatch(/Not published yet/);
    expect(result.progress.some((line) => /Uploading cli-satu\.zip: 100% of/.test(line))).toBe(true);
    expect((await findAdminCourse(server.db, 'cli-satu'))?.versions[0]?.uploadedBy).toBe(DEMO_ACCOUNTS.admin.name);
    expect((await listCatalog(server.db)).map((course) => course.id)).not.toContain('cli-satu');
  });

  it('--publish publishes the uploaded version', async () => {
    const file = await bundleFile('cli-dua.zip', buildBundle({ id: 'cli-dua', version: '2.1.0' }).zip);
    const result = await run([file, '--server', url, '--publish']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Published cli-dua 2\.1\.0/);
    expect((await listCatalog(server.db)).find((course) => course.id === 'cli-dua')?.version).toBe('2.1.0');
  });

  it('a refused bundle prints every problem (code, path, message) and exits 1', async () => {
    const { zip } = buildBundle({ id: 'cli-rusak', tamper: { kind: 'wrong-hash', path: FIXTURE_PATHS.secondLesson } });
    const file = await bundleFile('cli-rusak.zip', zip);
    const result = await run([file, '--server', url, '--publish']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('was refused (1 problem(s)); nothing was stored');
    expect(result.err).toContain(
      `  hash_mismatch ${FIXTURE_PATHS.secondLesson}: ${FIXTURE_PATHS.secondLesson} does not match its sha256`,
    );
    expect(await findAdminCourse(server.db, 'cli-rusak')).toBeNull();
  });

  it('an old version is refused with its problem, and exits 1', async () => {
    await run([
      await bundleFile('cli-versi-2.zip', buildBundle({ id: 'cli-versi', version: '2.0.0', lessonText: 'dua' }).zip),
      '--server',
      url,
    ]);
    const result = await run([
      await bundleFile('cli-versi-1.zip', buildBundle({ id: 'cli-versi', version: '1.0.0', lessonText: 'satu' }).zip),
      '--server',
      url,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /older_version manifest.json: version 1\.0\.0 is older than the latest stored version 2\.0\.0/,
    );
  });

  it('a learner account is told it is not an administrator, and exits 1', async () => {
    const file = await bundleFile('cli-pelajar.zip', buildBundle({ id: 'cli-pelajar' }).zip);
    const result = await run([file, '--server', url], {
      LENTERA_NIP: DEMO_ACCOUNTS.learner.nip,
      LENTERA_PASSWORD: DEMO_ACCOUNTS.learner.password,
    });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not an administrator/);
  });

  it("a wrong password exits 1 with the server's reason", async () => {
    const file = await bundleFile('cli-salah.zip', buildBundle({ id: 'cli-salah' }).zip);
    const result = await run([file, '--server', url], { ...admin, LENTERA_PASSWORD: 'salah' });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Sign-in failed: HTTP 401 invalid_credentials/);
  });

  it('asks for the NIP and password on a terminal when they are not in the environment', async () => {
    const file = await bundleFile('cli-tanya.zip', buildBundle({ id: 'cli-tanya' }).zip);
    const asked: string[] = [];
    const answers = [DEMO_ACCOUNTS.admin.nip, DEMO_ACCOUNTS.admin.password];
    const result = await run(
      [file, '--server', url],
      {},
      {
        ask: async (question, { hidden }) => {
          asked.push(`${question}${hidden ? ' (hidden)' : ''}`);
          return answers.shift() ?? '';
        },
      },
    );
    expect(result.code).toBe(0);
    expect(asked).toEqual(['NIP admin: ', 'Kata sandi:  (hidden)']);
  });

  it.each([
    { rule: 'no file', args: () => ['--server', url], env: admin, message: /Usage/ },
    { rule: 'no credentials and no terminal', args: () => ['x.zip', '--server', url], env: {}, message: /LENTERA_NIP/ },
    { rule: 'an unknown option', args: () => ['x.zip', '--force'], env: admin, message: /Usage/ },
  ])('exits 2 with help for $rule', async ({ args, env, message }) => {
    const file = await bundleFile('x.zip', buildBundle().zip);
    const result = await run(
      args().map((arg) => (arg === 'x.zip' ? file : arg)),
      env,
    );
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it("a bundle over the server's size cap is cut off with 413 payload_too_large mid-stream; exits 1", async () => {
    const capped = serve({
      fetch: createApp({
        db: server.db,
        blobs: server.blobs,
        config: { staticDir: server.staticDir, tokenTtlDays: 30, bundleLimits: { maxZipBytes: 64 * 1024 } },
      }).fetch,
      port: 0,
      hostname: '127.0.0.1',
    });
    try {
      await new Promise<void>((resolve) => capped.once('listening', resolve));
      const file = await bundleFile(
        'cli-besar.zip',
        buildBundle({ id: 'cli-besar', replaceFiles: { 'video/klip.mp4': new Uint8Array(randomBytes(512 * 1024)) } })
          .zip,
      );
      const result = await run([file, '--server', `http://127.0.0.1:${(capped.address() as AddressInfo).port}`]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/HTTP 413 payload_too_large/);
      expect(await findAdminCourse(server.db, 'cli-besar')).toBeNull();
    } finally {
      await new Promise<void>((resolve) => capped.close(() => resolve()));
    }
  });

  it('an unreachable server exits 1 saying so', async () => {
    const file = await bundleFile('cli-jauh.zip', buildBundle({ id: 'cli-jauh' }).zip);
    const result = await run([file, '--server', 'http://127.0.0.1:1']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
