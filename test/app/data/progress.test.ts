// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { courseCompletion, recordLessonCompleted, recordLessonOpened, recordPosition } from '../../../src/app/data/progress';

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 8, minute));

describe('lesson progress on the phone', () => {
  it('keeps the first time a lesson was opened', async () => {
    await recordLessonOpened(db, 'c', 'l1', at(0));
    await recordLessonOpened(db, 'c', 'l1', at(5));
    expect((await db.progress.get(['c', 'l1']))?.openedAt).toBe(at(0).toISOString());
  });

  it('keeps the furthest reading position, never moving back when the learner scrolls up', async () => {
    await recordPosition(db, 'c', 'l1', 0.6, at(1));
    await recordPosition(db, 'c', 'l1', 0.2, at(2));
    expect((await db.progress.get(['c', 'l1']))?.position).toBe(0.6);
  });

  it('keeps the earliest completion when a lesson is completed twice', async () => {
    await recordLessonCompleted(db, 'c', 'l1', at(3));
    await recordLessonCompleted(db, 'c', 'l1', at(9));
    expect(await db.progress.get(['c', 'l1'])).toMatchObject({ completedAt: at(3).toISOString(), position: 1 });
  });

  it('survives the database being closed and reopened (a reload)', async () => {
    await recordLessonCompleted(db, 'c', 'l1', at(3));
    db.close();
    const reopened = new LenteraDb(db.name.replace('lentera-', ''));
    expect(await reopened.progress.get(['c', 'l1'])).toMatchObject({ completedAt: at(3).toISOString() });
    reopened.close();
  });
});

describe('courseCompletion', () => {
  const manifest = { lessons: ['a', 'b', 'c'].map((id) => ({ id, title: { id, en: id }, file: `lessons/${id}.json`, minutes: 10 })) };
  const row = (lessonId: string, completed: boolean) => ({ courseId: 'c', lessonId, openedAt: '', completedAt: completed ? 'x' : null, position: 0, updatedAt: '' });

  it('counts completed lessons of this version only and points at the first unfinished one', () => {
    expect(courseCompletion(manifest, [row('a', true), row('b', false), row('removed-lesson', true)])).toEqual({ completedLessons: 1, totalLessons: 3, percent: 33, nextLessonId: 'b' });
  });

  it('is 100 % with nothing next when every lesson is completed', () => {
    expect(courseCompletion(manifest, ['a', 'b', 'c'].map((id) => row(id, true)))).toMatchObject({ percent: 100, nextLessonId: null });
  });
});
