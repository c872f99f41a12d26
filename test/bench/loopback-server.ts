import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/server/app';
import { UNLIMITED_RECORD_BUDGET } from '../../src/server/services/record-budget';
import { migrate } from '../../src/server/db/migrate';
import { openPgliteDb } from '../../src/server/db/pglite';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../src/server/services/seed';
import { LocalDiskBlobStore } from '../../src/server/storage/local-disk';
import type { Db } from '../../src/server/db/db';
import { api, type LoginResponse } from '../../src/shared/protocol';

export interface LoopbackServer {
  url: string;
  db: Db;
  publish(zip: Uint8Array): Promise<void>;
  loginLearner(): Promise<LoginResponse>;
  close(): Promise<void>;
}

/**
 * The real server on a real socket (127.0.0.1, random port) over in-memory
 * PGlite: what a phone talks to, minus the radio.
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const db = await openPgliteDb();
  await migrate(db);
  await seedDemoAccounts(db);
  const dir = await mkdtemp(join(tmpdir(), 'lentera-bench-'));
  const blobs = new LocalDiskBlobStore(join(dir, 'files'));
  const app = createApp({
    db,
    blobs,
    config: {
      staticDir: join(dir, 'dist'),
      tokenTtlDays: 1,
      // One learner replays months of work in seconds: counted as always, refused never.
      recordBudget: UNLIMITED_RECORD_BUDGET,
    },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db,
    publish: async (zip) => {
      await publishBundle({ db, blobs }, zip);
    },
    loginLearner: () => logInDemoLearner(url),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in as the demo learner (`seedDemoAccounts`, or a server started with LENTERA_DEMO=1). */
export async function logInDemoLearner(url: string): Promise<LoginResponse> {
  const { nip, password } = DEMO_ACCOUNTS.learner;
  const response = await fetch(url + api.login, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nip, password }),
  });
  return (await response.json()) as LoginResponse;
}
