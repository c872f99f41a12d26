// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { recordExternalLearning, sendExternalLearning } from '../../../src/app/data/external-learning';

const fields = {
  jenisDiklatId: 3,
  kind: 'webinar' as const,
  name: 'Webinar Pelayanan Publik',
  organiser: 'LAN RI',
  startDate: '2026-03-10',
  endDate: '2026-03-11',
  claimedJp: 4,
  certificateNumber: 'LAN/1',
};

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('learning done elsewhere on the phone', () => {
  it('is kept offline, sent with its file after sync, and marked sent only on the server answer', async () => {
    const pdf = new Blob([new TextEncoder().encode('%PDF-1.4 x')], { type: 'application/pdf' });
    const id = await recordExternalLearning(db, fields, { type: 'application/pdf', blob: pdf });
    expect(await db.externalLearning.get(id)).toMatchObject({ sentAt: null, refusal: null });

    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('offline')));
    await expect(sendExternalLearning(db, 'token')).rejects.toThrow();
    expect((await db.externalLearning.get(id))?.sentAt).toBeNull(); // still queued

    const fetch = vi.fn().mockResolvedValue(answer(201, { status: 'stored' }));
    vi.stubGlobal('fetch', fetch);
    await sendExternalLearning(db, 'token');
    const [, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({
      id,
      fields,
      file: { type: 'application/pdf', base64: btoa('%PDF-1.4 x') },
    });
    expect((await db.externalLearning.get(id))?.sentAt).not.toBeNull();
    // Nothing left to send: no second request.
    await sendExternalLearning(db, 'token');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a record the server refuses is kept with the reason, not resent, not dropped', async () => {
    const id = await recordExternalLearning(db, fields, null);
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockResolvedValue(
          answer(409, { error: { code: 'bad_request', message: 'Another record already has this id' } }),
        ),
    );
    await sendExternalLearning(db, 'token');
    expect(await db.externalLearning.get(id)).toMatchObject({
      sentAt: null,
      refusal: 'Another record already has this id',
    });
  });

  it('refuses to store a record with dates in the wrong order or JP out of range', async () => {
    await expect(recordExternalLearning(db, { ...fields, claimedJp: 0 }, null)).rejects.toThrow();
    await expect(recordExternalLearning(db, { ...fields, endDate: '2026-03-01' }, null)).rejects.toThrow();
    expect(await db.externalLearning.count()).toBe(0);
  });
});
