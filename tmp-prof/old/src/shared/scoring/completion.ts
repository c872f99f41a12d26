import type { Manifest } from '../schema/bundle';

/**
 * When a course counts as completed (and its JP are credited): every lesson studied and
 * every post-test passed. The phone uses it to congratulate the learner offline; the server
 * applies the same rule to its own records, which are the ones that count.
 */
export function isCourseComplete(
  manifest: Pick<Manifest, 'lessons' | 'quizzes'>,
  completedLessonIds: ReadonlySet<string>,
  passedQuizIds: ReadonlySet<string>,
): boolean {
  return (
    manifest.lessons.every((lesson) => completedLessonIds.has(lesson.id)) &&
    manifest.quizzes.filter((quiz) => quiz.kind === 'post').every((quiz) => passedQuizIds.has(quiz.id))
  );
}
