import { pickLanguage } from '../../../../shared/language';
import type { LangText } from '../../../../shared/schema/lang';
import { useT } from '../../../hooks/useT';

/** Picks one course by its title, or none ("all courses"): the filter of the results and moderation screens. */
export function CourseSelect({
  label,
  allLabel,
  courses,
  value,
  onChange,
  class: className,
}: {
  label: string;
  allLabel: string;
  courses: readonly { id: string; title: LangText }[] | undefined;
  value: string | null;
  onChange: (courseId: string | null) => void;
  class?: string;
}) {
  const { language } = useT();
  return (
    <label class={className}>
      {label}{' '}
      <select value={value ?? ''} onChange={(event) => onChange(event.currentTarget.value || null)}>
        <option value="">{allLabel}</option>
        {courses?.map((course) => (
          <option key={course.id} value={course.id}>
            {pickLanguage(course.title, language)}
          </option>
        ))}
      </select>
    </label>
  );
}
