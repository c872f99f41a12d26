import type { Task } from '../../data/cycle';
import { formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';
import type { Route } from '../../stores/router';

const target = (task: Task): Route =>
  task.kind === 'followup'
    ? { name: 'followup', courseId: task.courseId, checkpoint: task.checkpoint }
    : { name: 'review', learnerId: task.learnerId, courseId: task.courseId };

/** The due tasks as links, oldest first: shared by the "Tugas" screen and its home card. */
export function TaskList({ tasks }: { tasks: Task[] }) {
  const { t, language } = useT();
  if (tasks.length === 0) return <p>{t('cycle.tasks.none')}</p>;
  return (
    <ul class="task-list">
      {tasks.map((task) => (
        <li key={task.id} data-task-id={task.id}>
          <Link to={target(task)}>
            {task.kind === 'followup'
              ? t('cycle.tasks.followUp', { days: task.checkpoint, course: task.courseId })
              : t('cycle.tasks.review', { name: task.name, course: task.courseId })}
          </Link>
          <span class="discussion__meta">
            {' '}
            · {t('cycle.tasks.dueSince', { when: formatDateTime(task.dueAt, language) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
