// Each screen test imports 'fake-indexeddb/auto' first: Dexie looks for indexedDB when it loads.
import { Blob as NodeBlob } from 'node:buffer';
import { cleanup } from '@testing-library/preact';
import { vi } from 'vitest';
import { databaseFor, type LenteraDb } from '../../../src/app/data/db';
import { downloadCourse } from '../../../src/app/data/download';
import { initI18n } from '../../../src/app/i18n';
import { useDownloads } from '../../../src/app/stores/downloads';
import { useNetwork } from '../../../src/app/stores/network';
import { useSession } from '../../../src/app/stores/session';
import { useSync } from '../../../src/app/stores/sync';
import { api, catalogEntryOf } from '../../../src/shared/protocol';
import { aUser } from '../builders';
import { startContentServer, type ContentServer } from '../content-server';

/**
 * What a learner's screen needs to render as on the phone: a signed-in account, its own Dexie
 * database (fake-indexeddb), and the mini course served as the Lentera server does. jsdom's Blob
 * does not survive IndexedDB's structured clone, so Node's Blob stands in for it.
 */
export interface ScreenWorld {
  db: LenteraDb;
  server: ContentServer;
  /** Stores the mini course on the phone through the real download path. */
  download(): Promise<void>;
}

export async function startScreenWorld(): Promise<ScreenWorld> {
  await initI18n('id');
  vi.stubGlobal('Blob', NodeBlob);
  const user = aUser({ id: `screen-${crypto.randomUUID()}` });
  useSession.setState({ token: 't', user, expired: false });
  useNetwork.setState({ online: true });
  useSync.setState({ syncNow: vi.fn() });
  const server = await startContentServer();
  const serveCatalog: typeof fetch = async (input, init) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    if (path !== api.courses) return server.fetch(input, init);
    const size = server.manifest.files.reduce((sum, file) => sum + file.size, 0);
    return Response.json({ courses: [catalogEntryOf(server.manifest, size, '2026-11-01T00:00:00.000Z')] });
  };
  vi.stubGlobal('fetch', serveCatalog);
  const db = databaseFor(user.id);
  return {
    db,
    server,
    download: async () => void (await downloadCourse(db, server.manifest.id, { token: 't' })),
  };
}

export async function stopScreenWorld(world: ScreenWorld): Promise<void> {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  useDownloads.setState({ active: {}, failed: {} });
  await world.db.delete();
  useSession.getState().signOut();
}
