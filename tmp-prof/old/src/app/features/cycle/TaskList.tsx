import type { TFunction } from 'i18next';
import type { Task } from '../../data/cycle';
import { formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';
import type { Route } from '../../stores/router';

const target = (task: Task): Route => {
  switch (task.kind) {
    case 'followup':
      return { name: 'followup', courseId: task.courseId, checkpoint: task.checkpoint };
    case 'review':
      return { name: 'review', learnerId: task.learnerId, courseId: task.courseId };
    case 'survey':
      return { name: 'survey' };
    case 'surveyReview':
      return { name: 'surveyReview', learnerId: task.learnerId };
  }
};

/** One line saying what a task asks: the list's link and the notification's text. */
export function taskLabel(task: Task, t: TFunction): string {
  switch (task.kind) {
    case 'followup':
      return t('cycle.tasks.followUp', { days: task.checkpoint, course: task.courseId });
    case 'review':
      return t('cycle.tasks.review', { name: task.name, course: task.courseId });
    case 'survey':
      return t('cycle.tasks.survey', { year: task.year });
    case 'surveyReview':
      return t('cycle.tasks.surveyReview', { name: task.name });
  }
}

/** The due tasks as links, oldest first: shared by the "Tugas" screen and its home card. */
export function TaskList({ tasks }: { tasks: Task[] }) {
  const { t, language } = useT();
  if (tasks.length === 0) return <p>{t('cycle.tasks.none')}</p>;
  return (
    <ul class="task-list">
      {tasks.map((task) => (
        <li key={task.id} data-task-id={task.id}>
          <Link to={target(task)}>{taskLabel(task, t)}</Link>
          <span class="discussion__meta">
            {' '}
            · {t('cycle.tasks.dueSince', { when: formatDateTime(task.dueAt, language) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
