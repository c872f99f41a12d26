// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { downloadCourse } from '../../../src/app/data/download';
import { recordLessonCompleted } from '../../../src/app/data/progress';
import { deleteCourse, isQuotaError } from '../../../src/app/data/storage';
import { startContentServer } from '../content-server';
import { learner } from '../builders';

let db: LenteraDb;
beforeEach(async () => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
  vi.stubGlobal('fetch', (await startContentServer()).fetch);
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
    await db.courses.put({ ...course, id: 'other-course', manifest: { ...course.manifest, id: 'other-course', files: [shared] } });

    await deleteCourse(db, 'mini-course');

    expect(await db.courses.get('mini-course')).toBeUndefined();
    expect(await db.files.toCollection().primaryKeys()).toEqual([shared.sha256]);
    expect(await db.progress.get(['mini-course', 'pembuka'])).toBeDefined();
  });
});

describe('isQuotaError', () => {
  it('recognises storage full in both forms browsers raise it', () => {
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(Object.assign(new Error('abort'), { name: 'AbortError', inner: quota }))).toBe(true);
    expect(isQuotaError(Object.assign(new Error('abort'), { name: 'AbortError' }))).toBe(false);
  });
});
