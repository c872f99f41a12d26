import type { TFunction } from 'i18next';
import type { CourseCompletion } from '../data/progress';

/**
 * What the learner has done of a course, in words that are true: lessons studied, and when all
 * are, that the post-test comes next — never "selesai" before the course is completed (that is
 * the completion badge's word, shown only when the completion rule holds).
 */
export function progressText(t: TFunction, completion: CourseCompletion): string {
  return completion.completedLessons === completion.totalLessons
    ? t('catalog.allLessonsDone')
    : t('catalog.progress', { done: completion.completedLessons, total: completion.totalLessons });
}
