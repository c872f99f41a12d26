import { useEffect } from 'preact/hooks';
import { notify } from '../../pwa/notify';
import { useDb } from '../../hooks/useDb';
import { useT } from '../../hooks/useT';
import { taskLabel } from './TaskList';
import { useTasks } from './useTasks';

/**
 * While the app runs, a task that became due is announced once as a local notification
 * (where the person allowed them); which tasks were announced is kept on the phone.
 */
export function TaskReminders() {
  const { t } = useT();
  const db = useDb();
  const tasks = useTasks();
  useEffect(() => {
    if (tasks === undefined) return;
    void (async () => {
      for (const task of tasks) {
        const key = `notified:${task.id}`;
        if (await db.meta.get(key)) continue;
        await notify(t('cycle.tasks.title'), taskLabel(task, t), task.id);
        await db.meta.put({ key, value: new Date().toISOString() });
      }
    })().catch(() => {
      // A reminder that could not be shown is still in "Tugas": nothing is lost.
    });
  }, [tasks, db, t]);
  return null;
}
