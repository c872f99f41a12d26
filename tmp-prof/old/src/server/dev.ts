import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run dev`: the API server (with the demo accounts) and Vite's dev server side by side,
 * one command. Vite serves the app with hot reload and proxies `/api` to the server
 * (vite.config.ts, `LENTERA_API`). Stopping this (Ctrl-C) stops both; if either exits, the
 * other is stopped too, so nobody is left with half a development setup.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const apiPort = process.env.PORT ?? '8080';
const bin = (name: string): string => `${root}node_modules/.bin/${name}`;

const children: ChildProcess[] = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'src/server/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    // Loopback only: a development server with published demo passwords is not for the LAN.
    env: { LENTERA_DEMO: '1', HOST: '127.0.0.1', ...process.env, PORT: apiPort },
  }),
  spawn(bin('vite'), process.argv.slice(2), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LENTERA_API: `http://127.0.0.1:${apiPort}` },
  }),
];

let stopping = false;
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

for (const child of children) child.on('exit', (code) => stopAll(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(0));
