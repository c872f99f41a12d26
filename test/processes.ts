import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Helpers for tests that run the real server as its own process (browser journeys, first start). */

const STOP_TIMEOUT_MS = 10_000;

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('No port')),
      );
    });
  });
}

/** SIGTERM, then SIGKILL if the process has not exited in time. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the built server (`npm run build`: build/server/) is made from. */
const SERVER_SOURCES = ['src/server', 'src/shared'];

/**
 * The arguments `npm run serve` (and so `npm start`) gives Node, read from package.json: a
 * process measured with them is the one an operator runs, flags included — the built server.
 * Throws when that build is missing or older than its sources: a test would run yesterday's code.
 */
export function serveArguments(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (manifest.scripts.serve ?? '').split(/\s+/);
  if (command !== 'node') throw new Error(`npm run serve is not \`node …\`: ${manifest.scripts.serve}`);
  const entry = join(REPO_ROOT, args.find((arg) => !arg.startsWith('-')) ?? '');
  if (!existsSync(entry)) throw new Error(`No built server at ${entry}: run \`npm run build\` first`);
  const changed = newestSource();
  if (statSync(entry).mtimeMs < changed.mtimeMs)
    throw new Error(`The built server (${entry}) is older than ${changed.file}: run \`npm run build\` again`);
  return args;
}

function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const dir of SERVER_SOURCES) {
    for (const name of readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      const file = join(dir, name);
      const { mtimeMs } = statSync(join(REPO_ROOT, file));
      if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
    }
  }
  return newest;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/**
 * The server as `npm run serve` runs it, in its own process on a free loopback port, with the
 * repository as its working folder; resolves once it listens. `env` adds to (or overrides) this
 * process's environment, minus `DATABASE_URL`: the embedded database unless `env` names one.
 */
export async function startServerProcess(env: Record<string, string>, name = 'the server'): Promise<ServerProcess> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, serveArguments(), {
    cwd: REPO_ROOT,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Lentera is running')) ready();
    });
    child.once('exit', (code) => fail(new Error(`${name} exited (code ${code}) before it ran:\n${output}`)));
  });
  child.stdout!.resume();
  return { child, url: `http://127.0.0.1:${port}` };
}
