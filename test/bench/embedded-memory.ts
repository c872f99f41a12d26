import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, stopProcess } from '../processes';

const RSS_TARGET_MIB = 300;
const SETTLE_MS = 8_000;

/**
 * The operator's one-machine install: how much memory the server holds right after its first
 * start on a new embedded database (migrated, sample courses imported) and after a restart.
 * Node runs the server with `npm run serve`'s arguments (what `npm start` runs), so the
 * process measured is the server and nothing else.
 */
export async function benchEmbeddedMemory(): Promise<Record<string, string>[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lentera-bench-memory-'));
  try {
    const rows = [];
    for (const start of ['first start (new database)', 'restart']) {
      rows.push({ start, 'RSS MiB': String(await serverRssAfterStart(dataDir)), target: `≤ ${RSS_TARGET_MIB}` });
    }
    return rows;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function serverRssAfterStart(dataDir: string): Promise<number> {
  const { child } = await startServerProcess({ LENTERA_DATA_DIR: dataDir });
  try {
    // Settled: start-up's passing work (the bundle checker's thread, stopped when idle) is over.
    await new Promise((settle) => setTimeout(settle, SETTLE_MS));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    return Math.round(kib / 1024);
  } finally {
    await stopProcess(child);
  }
}
