// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { useDownloads } from '../../../src/app/stores/downloads';
import { useSession } from '../../../src/app/stores/session';
import { aUser } from '../builders';
import { startContentServer, type ContentServer } from '../content-server';

const account = (id: string) => ({
  token: `token-${id}`,
  expiresAt: '2099-01-01T00:00:00Z',
  signingKey: '',
  user: aUser({ id, name: id, unit: 'BKPSDM' }),
});
let server: ContentServer;
let db: LenteraDb;

beforeEach(async () => {
  server = await startContentServer();
  vi.stubGlobal('fetch', server.fetch);
  useSession.getState().signIn(account('siti'));
  db = new LenteraDb('siti');
});
afterEach(async () => {
  vi.unstubAllGlobals();
  useSession.getState().signOut();
  await db.delete();
});

describe('downloads across accounts on a shared phone', () => {
  it("another account logging in stops the first one's download and shows none of its progress", async () => {
    const file = server.manifest.files.at(-1)!;
    let letThrough = (): void => undefined;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    server.intercept = (path) =>
      path.endsWith(file.sha256)
        ? new Response(
            new ReadableStream({
              start: async (controller) => {
                await gate;
                controller.close();
              },
            }),
          )
        : undefined;

    const downloading = useDownloads.getState().start(db, 'mini-course');
    await vi.waitFor(() => expect(useDownloads.getState().active['mini-course']?.doneBytes).toBeGreaterThan(0));

    useSession.getState().signIn(account('budi'));
    expect(useDownloads.getState().active).toEqual({});
    letThrough();
    await downloading;
    expect(useDownloads.getState()).toMatchObject({ active: {}, failed: {} });
    expect(await db.courses.count()).toBe(0);
  });
});

describe('a download the server refuses for the session', () => {
  it('offers "Masuk kembali" (the session is marked ended) and keeps the failure next to the course', async () => {
    server.intercept = () => Response.json({ error: { code: 'session_expired', message: 'expired' } }, { status: 401 });
    await useDownloads.getState().start(db, 'mini-course');
    expect(useSession.getState().expired).toBe(true);
    expect(useDownloads.getState().failed['mini-course']).toMatchObject({ code: 'session_expired' });
  });

  it('a Wi-Fi login page answering 401 does not end the session', async () => {
    server.intercept = () => new Response('<html>Masuk ke Wi-Fi</html>', { status: 401 });
    await useDownloads.getState().start(db, 'mini-course');
    expect(useSession.getState().expired).toBe(false);
  });
});
