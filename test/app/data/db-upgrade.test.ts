// @vitest-environment node
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';

describe('database upgrades', () => {
  it('version 2 queues the progress version 1 kept on the phone only, so updating the app loses nothing', async () => {
    const userId = `upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(`lentera-${userId}`);
    v1.version(1).stores({ catalog: 'id', courses: 'id', files: 'sha256', progress: '[courseId+lessonId], courseId' });
    await v1.table('progress').add({
      courseId: 'etika',
      lessonId: 'satu',
      openedAt: '2026-11-01T00:00:00.000Z',
      completedAt: '2026-11-02T00:00:00.000Z',
      position: 1,
      updatedAt: '2026-11-02T00:00:00.000Z',
    });
    v1.close();

    const db = new LenteraDb(userId);
    const queued = await db.outbox.toArray();
    expect(queued).toEqual([
      expect.objectContaining({
        kind: 'progress',
        body: expect.objectContaining({ courseId: 'etika', lessonId: 'satu', completedAt: '2026-11-02T00:00:00.000Z' }),
      }),
    ]);
    expect(queued[0]?.body.id).toBe(queued[0]?.id);
    expect(await db.progress.count()).toBe(1);
    await db.delete();
  });
});
