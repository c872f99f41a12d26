/**
 * A real install without the demo: the server process and `npm run admin`, as an operator
 * runs them (embedded PGlite in a fresh data folder, no courses; the built server, no built app needed).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import type { LoginResponse } from '../../src/shared/protocol';
import { freePort, serveArguments, stopProcess } from '../processes';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const NIP = '197912122005011003';

describe('first start without LENTERA_DEMO', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let server: { child: ChildProcess; output: () => string } | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-first-admin-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const { LENTERA_DEMO: _demo, DATABASE_URL: _database, ...inherited } = process.env;
    env = {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      LENTERA_DATA_DIR: join(dir, 'data'),
      LENTERA_BUNDLES_DIR: join(dir, 'bundles'),
      LENTERA_STATIC_DIR: join(dir, 'dist'),
    };
  });
  afterAll(async () => {
    if (server) await stopProcess(server.child);
    await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<{ child: ChildProcess; output: () => string }> {
    const child = spawn(process.execPath, serveArguments(), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('Lentera is running')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((wait) => setTimeout(wait, 200));
    }
    return { child, output: () => output };
  }

  const admin = (...args: string[]) =>
    new Promise<{ code: number; output: string }>((done) => {
      execFile(
        TSX,
        ['src/server/admin-cli.ts', ...args],
        { cwd: ROOT, env, timeout: 90_000 },
        (error, stdout, stderr) =>
          done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: stdout + stderr }),
      );
    });
  const logIn = (nip: string, password: string) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nip, password }),
    });

  it('has no account with a published password, and says how to create the first administrator', async () => {
    server = await start();
    expect(server.output()).toContain('No administrator yet');
    expect(server.output()).toContain('npm run admin -- create');
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      expect((await logIn(account.nip, account.password)).status, account.name).toBe(401);
    }
  }, 120_000);

  it('`npm run admin` refuses to open the embedded database while the server has it', async () => {
    const { code, output } = await admin('create', '--nip', NIP, '--name', 'Kepala Bidang PKSDM');
    expect(code).not.toBe(0);
    expect(output).toContain('in use');
  }, 120_000);

  it('the operator creates the first administrator, whose one-time password is replaced at first login', async () => {
    if (server) await stopProcess(server.child);
    const created = await admin('create', '--nip', NIP, '--name', 'Kepala Bidang PKSDM');
    expect(created.code).toBe(0);
    const oneTimePassword = /One-time password: (\S+)/.exec(created.output)?.[1];
    expect(oneTimePassword).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    server = await start();
    expect(server.output()).toContain('Administrators: 1');
    const first = (await (await logIn(NIP, oneTimePassword ?? '')).json()) as LoginResponse;
    expect(first.user).toMatchObject({ role: 'admin', mustChangePassword: true });
    const headers = { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${url}/api/admin/people`, { headers })).status).toBe(403);
    const changed = await fetch(`${url}/api/auth/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentPassword: oneTimePassword, newPassword: 'bkpsdm-padangsidempuan-2026' }),
    });
    expect(changed.status).toBe(200);
    expect((await fetch(`${url}/api/admin/people`, { headers })).status).toBe(200);
    // The command line's action is in the audit log, without an account as its actor.
    const events = (await (await fetch(`${url}/api/admin/account-events`, { headers })).json()) as {
      events: { action: string; actor: unknown }[];
    };
    expect(events.events.map((event) => [event.action, event.actor])).toEqual([['create', null]]);
  }, 240_000);
});
