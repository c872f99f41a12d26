import { useEffect, useState } from 'preact/hooks';
import { loadTasks, type Task } from '../../data/tasks';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';

const MINUTE = 60_000;

/** Now, moving on every minute: a follow-up becomes due while the app is open. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), MINUTE);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The person's due tasks, live: a report written or a questionnaire answered leaves the list at once. */
export function useTasks(): Task[] | undefined {
  const db = useDb();
  const now = useNow();
  const minute = Math.floor(now.getTime() / MINUTE);
  return useLiveQuery(() => loadTasks(db, new Date(minute * MINUTE)), [db, minute]);
}
