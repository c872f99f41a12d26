import { useState } from 'preact/hooks';
import { askForNotifications, notificationsAllowed, notificationsAvailable } from '../../pwa/notify';
import { useT } from '../../hooks/useT';
import { TaskList } from './TaskList';
import { useTasks } from './useTasks';

/** "Tugas": what the training cycle asks of this person now — follow-up reports, questionnaires for direct reports. */
export default function TasksScreen() {
  const { t } = useT();
  const tasks = useTasks();
  const [allowed, setAllowed] = useState(notificationsAllowed());
  if (tasks === undefined) return <p class="loading">{t('app.loading')}</p>;
  return (
    <main class="cycle">
      <h1>{t('cycle.tasks.title')}</h1>
      <p>{t('cycle.tasks.intro')}</p>
      <TaskList tasks={tasks} />
      {notificationsAvailable() && !allowed && (
        <button type="button" class="button" onClick={() => void askForNotifications().then(setAllowed)}>
          {t('cycle.tasks.allowNotifications')}
        </button>
      )}
    </main>
  );
}
