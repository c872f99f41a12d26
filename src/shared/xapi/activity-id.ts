// Apart from statement.ts: Beranda's chunk carries statement.ts (the header counts what waits),
// and only the server and the sync page read ids back.
import { LENTERA_IRI } from './statement';

/** Parses our activity ids back into their parts (the server derives results from them). */
export function parseActivityId(
  id: string,
): { courseId: string; lessonId?: string; quizId?: string; questionId?: string; feedbackItem?: string } | null {
  if (!id.startsWith(`${LENTERA_IRI}/courses/`)) return null;
  const parts = id
    .slice(LENTERA_IRI.length + 1)
    .split('/')
    .map(decodeURIComponent);
  const [, courseId, ...rest] = parts;
  if (!courseId) return null;
  const result: ReturnType<typeof parseActivityId> = { courseId };
  for (let index = 0; index < rest.length; index += 2) {
    const key = rest[index];
    const value = rest[index + 1];
    if (value === undefined) return null;
    if (key === 'lessons') result.lessonId = value;
    else if (key === 'quizzes') result.quizId = value;
    else if (key === 'questions') result.questionId = value;
    else if (key === 'feedback') result.feedbackItem = value;
    else return null;
  }
  return result;
}
