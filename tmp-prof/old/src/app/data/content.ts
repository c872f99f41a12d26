import type { z } from 'zod';
import { parseJsonOrNull } from '../../shared/protocol/api-error';
import { LessonDoc, type Manifest } from '../../shared/schema/bundle';
import type { LenteraDb } from './db';
import { CorruptFileError } from './errors';

/** A bundle file of a downloaded course, by its path in the bundle. */
export async function courseFile(db: LenteraDb, manifest: Manifest, path: string): Promise<Blob | null> {
  const entry = manifest.files.find((file) => file.path === path);
  if (!entry) return null;
  return (await db.files.get(entry.sha256))?.blob ?? null;
}

/**
 * A JSON file of a downloaded course (a lesson, a quiz), checked against its schema as it is
 * read: null when the phone does not hold it, `CorruptFileError` when what it holds cannot be
 * read or is not what the schema says (storage damaged, a browser that lost the Blob).
 */
export async function readCourseJson<T>(
  db: LenteraDb,
  manifest: Manifest,
  path: string,
  schema: z.ZodType<T>,
): Promise<T | null> {
  const blob = await courseFile(db, manifest, path);
  if (!blob) return null;
  let text: string;
  try {
    text = await blob.text();
  } catch {
    throw new CorruptFileError(manifest.id, path);
  }
  const parsed = schema.safeParse(parseJsonOrNull(text));
  if (!parsed.success) throw new CorruptFileError(manifest.id, path);
  return parsed.data;
}

export async function readLesson(db: LenteraDb, manifest: Manifest, lessonId: string): Promise<LessonDoc | null> {
  const lesson = manifest.lessons.find((entry) => entry.id === lessonId);
  return lesson ? readCourseJson(db, manifest, lesson.file, LessonDoc) : null;
}
