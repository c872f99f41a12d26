import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';
import { TaskList } from './TaskList';
import { useTasks } from './useTasks';

/** The home screen's card of due tasks (registered in the home card registry). */
export default function TasksCard() {
  const { t } = useT();
  const tasks = useTasks();
  if (tasks === undefined || tasks.length === 0) return null;
  return (
    <section class="home-card tasks-card" aria-labelledby="tasks-card-title">
      <h2 id="tasks-card-title">{t('cycle.tasks.title')}</h2>
      <TaskList tasks={tasks.slice(0, 3)} />
      {tasks.length > 3 && <Link to={{ name: 'tasks' }}>{t('cycle.tasks.all', { count: tasks.length })}</Link>}
    </section>
  );
}
