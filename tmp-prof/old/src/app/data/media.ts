import type { LenteraDb } from './db';

/**
 * Where the learner stopped listening to (or watching) a lesson's media, in seconds. Kept on
 * the phone only: it is a convenience, not a learning record.
 */
const key = (courseId: string, lessonId: string, kind: 'audio' | 'video'): string =>
  `media:${kind}:${courseId}:${lessonId}`;

export async function readMediaPosition(
  db: LenteraDb,
  courseId: string,
  lessonId: string,
  kind: 'audio' | 'video',
): Promise<number> {
  const value = (await db.meta.get(key(courseId, lessonId, kind)))?.value;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export async function saveMediaPosition(
  db: LenteraDb,
  courseId: string,
  lessonId: string,
  kind: 'audio' | 'video',
  seconds: number,
): Promise<void> {
  const value = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 10) / 10 : 0;
  await db.meta.put({ key: key(courseId, lessonId, kind), value });
}
