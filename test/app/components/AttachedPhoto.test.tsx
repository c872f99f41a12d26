// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { Blob as NodeBlob } from 'node:buffer';
import { createHash } from 'node:crypto';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttachedPhoto } from '../../../src/app/components/AttachedPhoto';
import { databaseFor, type LenteraDb } from '../../../src/app/data/db';
import { initI18n } from '../../../src/app/i18n';
import { useNetwork } from '../../../src/app/stores/network';
import { useSession } from '../../../src/app/stores/session';
import { aUser } from '../builders';
import id from '../../../src/app/i18n/locales/id.json';

const user = aUser({ id: `photo-${crypto.randomUUID()}` });
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
// The photo's real hash: what the server answers is checked against the hash asked for.
const SHA = createHash('sha256').update(jpeg).digest('hex');
let db: LenteraDb;
let fetchMock: ReturnType<typeof vi.fn>;

beforeAll(() => initI18n('id'));
beforeEach(async () => {
  // jsdom's Blob does not survive IndexedDB's structured clone; Node's does.
  vi.stubGlobal('Blob', NodeBlob);
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:photo', revokeObjectURL: () => {} }));
  fetchMock = vi.fn(async () => new Response(jpeg, { headers: { 'content-type': 'image/jpeg' } }));
  vi.stubGlobal('fetch', fetchMock);
  useSession.setState({ token: 't', user, expired: false });
  db = databaseFor(user.id);
  if (!db.isOpen()) await db.open();
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await db.delete();
  useSession.getState().signOut();
});

describe('a photo of a record on the phone', () => {
  it('shows the phone’s own copy offline, without asking the server', async () => {
    useNetwork.setState({ online: false });
    await db.attachments.put({
      sha256: SHA,
      blob: new Blob([jpeg], { type: 'image/jpeg' }),
      type: 'image/jpeg',
      size: jpeg.length,
      own: true,
      uploaded: false,
      savedAt: '2026-05-01T00:00:00.000Z',
    });
    render(<AttachedPhoto sha256={SHA} alt="Foto dari Siti" />);
    expect(((await screen.findByAltText('Foto dari Siti')) as HTMLImageElement).src).toBe('blob:photo');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('offline without a copy says it shows when online; online it reads the server and keeps nothing', async () => {
    useNetwork.setState({ online: false });
    const view = render(<AttachedPhoto sha256={SHA} alt="Foto dari Andi" />);
    await screen.findByText(id.attachment.notHere);
    view.unmount();
    useNetwork.setState({ online: true });
    render(<AttachedPhoto sha256={SHA} alt="Foto dari Andi" />);
    await screen.findByAltText('Foto dari Andi');
    expect(fetchMock).toHaveBeenCalledWith(`/api/attachments/${SHA}`, expect.anything());
    expect(await db.attachments.count()).toBe(0);
  });
});
