// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLesson } from '../../../src/app/data/content';
import { LenteraDb } from '../../../src/app/data/db';
import { CorruptFileError } from '../../../src/app/data/errors';
import { readQuiz } from '../../../src/app/data/quiz';
import type { Manifest } from '../../../src/shared/schema/bundle';
import { manifestFixture, postTest } from '../builders';

const LESSON_SHA = 'a'.repeat(64);
const QUIZ_SHA = 'b'.repeat(64);
const manifest: Manifest = manifestFixture({
  files: [
    { path: 'lessons/satu.json', size: 1, sha256: LESSON_SHA, type: 'application/json' },
    { path: 'quizzes/post-test.json', size: 1, sha256: QUIZ_SHA, type: 'application/json' },
  ],
});
const lesson = { id: 'satu', title: { id: 'Satu', en: 'One' }, body: { id: [], en: [] } };

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

async function store(sha256: string, text: string): Promise<void> {
  const blob = new Blob([text], { type: 'application/json' });
  await db.files.put({ sha256, blob, size: blob.size, type: blob.type });
}

describe('course files read back from the phone', () => {
  it('are checked against their schema as they are read', async () => {
    await store(LESSON_SHA, JSON.stringify(lesson));
    await store(QUIZ_SHA, JSON.stringify(postTest));
    expect(await readLesson(db, manifest, 'satu')).toEqual(lesson);
    expect((await readQuiz(db, manifest, 'post-test'))?.doc).toEqual(postTest);
  });

  it('a file the phone does not hold is absent (null), not an error', async () => {
    expect(await readLesson(db, manifest, 'satu')).toBeNull();
    expect(await readLesson(db, manifest, 'tidak-ada')).toBeNull();
  });

  it('a damaged file is a CorruptFileError naming course and file, whether cut off or of the wrong shape', async () => {
    await store(LESSON_SHA, JSON.stringify(lesson).slice(0, 20));
    await store(QUIZ_SHA, JSON.stringify({ id: 'post-test', questions: 'none' }));
    await expect(readLesson(db, manifest, 'satu')).rejects.toEqual(
      new CorruptFileError('kursus-uji', 'lessons/satu.json'),
    );
    await expect(readQuiz(db, manifest, 'post-test')).rejects.toBeInstanceOf(CorruptFileError);
  });
});
