import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';

/**
 * A questionnaire opened (from a link or a notification) that is no longer on this phone's
 * task list — sent already, or reviewed elsewhere: says so and leads back to "Tugas".
 */
export function NotDue({ message }: { message: string }) {
  const { t } = useT();
  return (
    <main>
      <p class="notice">{message}</p>
      <Link to={{ name: 'tasks' }}>{t('cycle.tasks.title')}</Link>
    </main>
  );
}
