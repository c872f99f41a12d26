import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../components/format';
import type { AttentionEntry } from '../../data/db';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { requeueRejected } from '../../data/outbox';
import { phoneClockOffset } from '../../data/phone-clock';
import { CLOCK_REFUSALS, sendableFrom } from '../../sync/phone-clock';
import { useSync } from '../../stores/sync';
import { PhoneClockNotice } from './PhoneClockNotice';
import { SyncBar } from './SyncBar';
import { describeAttention, groupAttention } from './attention';

/** Details of the sync, and the records the server refused: kept on the phone, with the reason. */
export default function SyncScreen() {
  const { t, language } = useT();
  const db = useDb();
  const attention = useLiveQuery(() => db.attention.toArray(), [db]);
  const courses = useLiveQuery(
    async () => new Map((await db.courses.toArray()).map((course) => [course.id, course.manifest])),
    [db],
  );
  const clockOffset = useLiveQuery(() => phoneClockOffset(db), [db]);
  const syncNow = useSync((state) => state.syncNow);
  const resend = useAction(async () => {
    if ((await requeueRejected(db, new Date())) > 0) syncNow();
  });
  if (attention === undefined || courses === undefined) return <p class="loading">{t('app.loading')}</p>;
  const serverNow = Date.now() - (clockOffset ?? 0) * 60_000;
  return (
    <main>
      <h1>{t('sync.title')}</h1>
      <SyncBar />
      <PhoneClockNotice />
      <p>{t('sync.explanation')}</p>
      <h2>{t('sync.attentionTitle')}</h2>
      {attention.length === 0 ? (
        <p>{t('sync.attentionNone')}</p>
      ) : (
        <>
          <p>{t('sync.attentionExplanation')}</p>
          {attention.some((entry) => entry.code !== null && CLOCK_REFUSALS.includes(entry.code)) && (
            <p class="notice notice--warning">{t('sync.clockRefused')}</p>
          )}
          <ul class="attention-list">
            {groupAttention(attention).map((group) => {
              const [first] = group as [AttentionEntry, ...AttentionEntry[]];
              const sendable = sendableFrom(first, serverNow);
              const reasons = unique(
                group.map((entry) =>
                  entry.status === 'conflict'
                    ? t('sync.conflict')
                    : t([`sync.reasons.${entry.code}`, `errors.${entry.code}`, 'sync.reasons.unknown']),
                ),
              );
              const details = unique(group.flatMap((entry) => (entry.reason ? [entry.reason] : [])));
              return (
                <li key={first.id}>
                  <strong>{describeAttention(first, courses, language, t)}</strong>
                  <span>{formatDateTime(first.at, language)}</span>
                  {reasons.map((reason) => (
                    <span key={reason}>{reason}</span>
                  ))}
                  {sendable && (
                    <span>{t('sync.sendableFrom', { when: formatDateTime(sendable.toISOString(), language) })}</span>
                  )}
                  {details.length > 0 && (
                    // The server's own words are English and technical: for the admin, folded away.
                    <details class="attention-list__detail">
                      <summary>{t('sync.detailForAdmin')}</summary>
                      {details.map((detail) => (
                        <p key={detail}>{detail}</p>
                      ))}
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
          {attention.some((entry) => entry.status === 'rejected') && (
            <button type="button" class="button" disabled={resend.busy} onClick={() => resend.run()}>
              {t('sync.resend')}
            </button>
          )}
          {resend.error !== null && <ErrorNotice error={resend.error} />}
        </>
      )}
    </main>
  );
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}
