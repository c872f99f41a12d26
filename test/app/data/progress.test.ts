// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { courseCompletion } from '../../../src/app/data/completion';
import {
  mergeProgress,
  recordLessonCompleted,
  recordLessonOpened,
  recordLessonTime,
  recordPosition,
} from '../../../src/app/data/progress';
import { learner, manifestFixture } from '../builders';

const manifest = manifestFixture();

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 8, minute));

describe('lesson progress on the phone', () => {
  it('keeps the first time a lesson was opened', async () => {
    await recordLessonOpened(db, 'kursus-uji', 'satu', at(0));
    await recordLessonOpened(db, 'kursus-uji', 'satu', at(5));
    expect((await db.progress.get(['kursus-uji', 'satu']))?.openedAt).toBe(at(0).toISOString());
  });

  it('keeps the furthest reading position, never moving back when the learner scrolls up', async () => {
    await recordPosition(db, 'kursus-uji', 'satu', 0.6, at(1));
    await recordPosition(db, 'kursus-uji', 'satu', 0.2, at(2));
    expect((await db.progress.get(['kursus-uji', 'satu']))?.position).toBe(0.6);
  });

  it('keeps the earliest completion when a lesson is completed twice', async () => {
    await recordLessonCompleted(db, learner, manifest, 'satu', at(3));
    await recordLessonCompleted(db, learner, manifest, 'satu', at(9));
    expect(await db.progress.get(['kursus-uji', 'satu'])).toMatchObject({
      completedAt: at(3).toISOString(),
      position: 1,
    });
  });

  it('survives the database being closed and reopened (a reload)', async () => {
    await recordLessonCompleted(db, learner, manifest, 'satu', at(3));
    db.close();
    const reopened = new LenteraDb(db.name.replace('lentera-', ''));
    expect(await reopened.progress.get(['kursus-uji', 'satu'])).toMatchObject({ completedAt: at(3).toISOString() });
    reopened.close();
  });
});

describe('what lesson progress queues for the server', () => {
  it('queues each progress change with the change itself, keeping the latest unsent state per lesson', async () => {
    await recordLessonOpened(db, 'kursus-uji', 'satu', at(0));
    await recordPosition(db, 'kursus-uji', 'satu', 0.5, at(1));
    await recordPosition(db, 'kursus-uji', 'satu', 0.8, at(2));
    const queued = await db.outbox.toArray();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      kind: 'progress',
      body: { courseId: 'kursus-uji', lessonId: 'satu', position: 0.8 },
    });
    expect(queued[0]?.body.id).toBe(queued[0]?.id);
  });

  it('completing a lesson queues an xAPI experienced statement once', async () => {
    await recordLessonCompleted(db, learner, manifest, 'satu', at(3));
    await recordLessonCompleted(db, learner, manifest, 'satu', at(4));
    const statements = (await db.outbox.toArray()).filter((entry) => entry.kind === 'statement');
    expect(statements.map((entry) => entry.kind === 'statement' && entry.body.verb.id)).toEqual([
      'http://adlnet.gov/expapi/verbs/experienced',
    ]);
  });

  it('writes nothing when the outbox write fails: the change and its outbox entry are one transaction', async () => {
    vi.spyOn(db.outbox, 'add').mockRejectedValueOnce(new Error('disk error'));
    await expect(recordLessonOpened(db, 'kursus-uji', 'satu', at(0))).rejects.toThrow('disk error');
    expect(await db.progress.count()).toBe(0);
  });
});

describe('mergeProgress', () => {
  it('keeps the furthest position and the earliest opening and completion from either side', () => {
    const local = {
      courseId: 'c',
      lessonId: 'l',
      openedAt: at(5).toISOString(),
      completedAt: null,
      position: 0.9,
      updatedAt: at(6).toISOString(),
    };
    const remote = {
      courseId: 'c',
      lessonId: 'l',
      openedAt: at(1).toISOString(),
      completedAt: at(3).toISOString(),
      position: 1,
    };
    expect(mergeProgress(local, remote)).toMatchObject({
      openedAt: at(1).toISOString(),
      completedAt: at(3).toISOString(),
      position: 1,
    });
    expect(mergeProgress({ ...local, completedAt: at(2).toISOString() }, remote).completedAt).toBe(at(2).toISOString());
  });
});

describe('courseCompletion', () => {
  const manifest = {
    lessons: ['a', 'b', 'c'].map((id) => ({ id, title: { id, en: id }, file: `lessons/${id}.json`, minutes: 10 })),
  };
  const row = (lessonId: string, completed: boolean) => ({
    courseId: 'c',
    lessonId,
    openedAt: '',
    completedAt: completed ? 'x' : null,
    position: 0,
    updatedAt: '',
  });

  it('counts completed lessons of this version only and points at the first unfinished one', () => {
    expect(courseCompletion(manifest, [row('a', true), row('b', false), row('removed-lesson', true)])).toEqual({
      completedLessons: 1,
      totalLessons: 3,
      percent: 33,
      nextLessonId: 'b',
    });
  });

  it('is 100 % with nothing next when every lesson is completed', () => {
    expect(
      courseCompletion(
        manifest,
        ['a', 'b', 'c'].map((id) => row(id, true)),
      ),
    ).toMatchObject({ percent: 100, nextLessonId: null });
  });
});

describe('time on task per lesson', () => {
  it('adds the time measured on screen (at most a minute a step), sent as the duration of "experienced"', async () => {
    await recordLessonOpened(db, manifest.id, 'satu', at(0));
    await recordLessonTime(db, manifest.id, 'satu', 15_000);
    await recordLessonTime(db, manifest.id, 'satu', 15_000);
    await recordLessonTime(db, manifest.id, 'satu', 10 * 60_000); // a step claiming ten minutes counts one
    await recordLessonTime(db, manifest.id, 'satu', Number.NaN);
    expect((await db.progress.get([manifest.id, 'satu']))?.activeMs).toBe(90_000);
    await recordLessonCompleted(db, learner, manifest, 'satu', at(5));
    const statements = (await db.outbox.toArray()).flatMap((entry) => (entry.kind === 'statement' ? [entry.body] : []));
    expect(statements.find((statement) => statement.verb.id.endsWith('/experienced'))?.result).toEqual({
      completion: true,
      duration: 'PT1M30S',
    });
  });
});
