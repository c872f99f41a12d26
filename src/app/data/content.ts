import { LessonDoc, type Manifest } from '../../shared/schema/bundle';
import type { LenteraDb } from './db';

/** A bundle file of a downloaded course, by its path in the bundle. */
export async function courseFile(db: LenteraDb, manifest: Manifest, path: string): Promise<Blob | null> {
  const entry = manifest.files.find((file) => file.path === path);
  if (!entry) return null;
  return (await db.files.get(entry.sha256))?.blob ?? null;
}

export async function readLesson(db: LenteraDb, manifest: Manifest, lessonId: string): Promise<LessonDoc | null> {
  const lesson = manifest.lessons.find((entry) => entry.id === lessonId);
  if (!lesson) return null;
  const blob = await courseFile(db, manifest, lesson.file);
  if (!blob) return null;
  return LessonDoc.parse(JSON.parse(await blob.text()));
}
