import type { StatementConflict } from '../../../../shared/protocol';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';

/**
 * Records that arrived under an id the server already held with different content. The server
 * kept the first; both are shown so the admin can decide whether a learner needs help.
 */
export function ConflictsList({
  conflicts,
  learnerName,
}: {
  conflicts: StatementConflict[];
  learnerName(userId: string): string;
}) {
  const { t, language } = useT();
  if (conflicts.length === 0) return <p>{t('admin.conflicts.none')}</p>;
  return (
    <ul class="admin-conflicts">
      {conflicts.map((conflict) => (
        <li key={conflict.cursor}>
          <p>
            <code>{conflict.statementId}</code> · {learnerName(conflict.userId)} ·{' '}
            {formatDateTime(conflict.receivedAt, language)}
          </p>
          <details>
            <summary>{t('admin.conflicts.show')}</summary>
            <div class="admin-conflicts__versions">
              <figure>
                <figcaption>{t('admin.conflicts.stored')}</figcaption>
                <pre>{JSON.stringify(conflict.stored, null, 2)}</pre>
              </figure>
              <figure>
                <figcaption>{t('admin.conflicts.received')}</figcaption>
                <pre>{JSON.stringify(conflict.received, null, 2)}</pre>
              </figure>
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
