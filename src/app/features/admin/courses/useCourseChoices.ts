import { pickLanguage } from '../../../../shared/language';
import { useT } from '../../../hooks/useT';
import { fetchCourseChoices } from '../api';
import { useRemote } from '../useRemote';

/**
 * The courses the admin may pick from, and a course's title in the admin's language: every
 * admin list naming a course shows this title, never its id, except for a course the list does
 * not hold (withdrawn) or while the list is on its way.
 */
export function useCourseChoices() {
  const { language } = useT();
  const courses = useRemote(fetchCourseChoices, []);
  const courseTitle = (id: string): string => {
    const course = courses.data?.courses.find((candidate) => candidate.id === id);
    return course ? pickLanguage(course.title, language) : id;
  };
  return { courses, courseTitle };
}
