import { courseFile } from '../data/course-file';
import type { StoredCourse } from '../data/db';
import { useImageUrl } from './useImageUrl';
import { useDb } from './useDb';
import { useLiveQuery } from './useLiveQuery';

/** The cover image of a course on the phone, as a URL for an `<img>` that can never run script (see useImageUrl). */
export function useCourseCover(course: StoredCourse | undefined): string | undefined {
  const db = useDb();
  const manifest = course?.manifest;
  const blob = useLiveQuery(
    () => (manifest?.cover ? courseFile(db, manifest, manifest.cover) : null),
    // A stored course's manifest is replaced, never edited: its identity says when it changed.
    [db, manifest],
  );
  return useImageUrl(blob);
}
