// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { downloadCourse } from '../../../src/app/data/download';
import { readLesson } from '../../../src/app/data/content';
import { recordLessonCompleted } from '../../../src/app/data/progress';
import { isQuotaError } from '../../../src/app/data/errors';
import { clearLeftovers, deleteCourse, leftoverBytes } from '../../../src/app/data/storage';
import { startContentServer, type ContentServer } from '../content-server';
import { learner } from '../builders';

let db: LenteraDb;
let server: ContentServer;
beforeEach(async () => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
  server = await startContentServer();
  vi.stubGlobal('fetch', server.fetch);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

describe('deleteCourse', () => {
  it('frees the course files but keeps files another course still uses, and keeps progress', async () => {
    const course = await downloadCourse(db, 'mini-course', { token: null });
    await recordLessonCompleted(db, learner, course.manifest, 'pembuka');
    const shared = course.manifest.files[0]!;
    await db.courses.put({
      ...course,
      id: 'other-course',
      manifest: { ...course.manifest, id: 'other-course', files: [shared] },
    });

    await deleteCourse(db, 'mini-course');

    expect(await db.courses.get('mini-course')).toBeUndefined();
    expect(await db.files.toCollection().primaryKeys()).toEqual([shared.sha256]);
    expect(await db.progress.get(['mini-course', 'pembuka'])).toBeDefined();
  });

  it('does not pull files from under another course being downloaded at that moment', async () => {
    const course = await downloadCourse(db, 'mini-course', { token: null });
    const last = course.manifest.files.at(-1)!;
    const lastBytes = new Uint8Array(await (await server.fetch(`/api/files/${last.sha256}`)).arrayBuffer());
    // Only other-course lists the files now, and mini-course lacks its last one: downloading
    // mini-course again relies on the files already here while it fetches that last one.
    await db.courses.put({ ...course, id: 'other-course', manifest: { ...course.manifest, id: 'other-course' } });
    await db.courses.delete('mini-course');
    await db.files.delete(last.sha256);
    let letThrough = (): void => undefined;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    server.intercept = (path) => {
      if (!path.endsWith(last.sha256)) return undefined;
      server.intercept = undefined;
      return new Response(
        new ReadableStream({
          start: async (controller) => {
            await gate;
            controller.enqueue(lastBytes);
            controller.close();
          },
        }),
      );
    };
    const downloading = downloadCourse(db, 'mini-course', { token: null });
    await vi.waitFor(() => expect(server.intercept).toBeUndefined());

    await deleteCourse(db, 'other-course');
    letThrough();
    expect((await downloading).version).toBe(course.version);
    expect(await readLesson(db, course.manifest, 'pembuka')).not.toBeNull();
    expect(await db.files.count()).toBe(new Set(course.manifest.files.map((file) => file.sha256)).size);
  });

  it('frees what given-up downloads left behind: files no course lists and saved parts', async () => {
    const course = await downloadCourse(db, 'mini-course', { token: null });
    await db.courses.delete('mini-course');
    await db.partials.put({ sha256: 'f'.repeat(64), blob: new Blob([new Uint8Array(1000)]), received: 1000 });
    expect(await leftoverBytes(db)).toBe(course.size + 1000);

    await clearLeftovers(db);
    expect(await leftoverBytes(db)).toBe(0);
    expect(await db.files.count()).toBe(0);
    expect(await db.partials.count()).toBe(0);
  });

  it('deleting a course also frees leftovers of given-up downloads', async () => {
    await downloadCourse(db, 'mini-course', { token: null });
    await db.partials.put({ sha256: 'f'.repeat(64), blob: new Blob([new Uint8Array(1000)]), received: 1000 });
    await deleteCourse(db, 'mini-course');
    expect(await db.partials.count()).toBe(0);
  });
});

describe('isQuotaError', () => {
  it('recognises storage full in both forms browsers raise it', () => {
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(Object.assign(new Error('abort'), { name: 'AbortError', inner: quota }))).toBe(true);
    expect(isQuotaError(Object.assign(new Error('abort'), { name: 'AbortError' }))).toBe(false);
  });

  it('answers for an error whose `inner` chain loops back on itself', () => {
    const looping: { name: string; inner?: unknown } = { name: 'AbortError' };
    looping.inner = looping;
    expect(isQuotaError(looping)).toBe(false);
  });
});
