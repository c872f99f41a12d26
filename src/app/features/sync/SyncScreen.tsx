import type { TFunction } from 'i18next';
import { pickLanguage } from '../../../shared/language';
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

/** Details of the sync, and the records the server refused: kept on the phone, with the reason. */
export default function SyncScreen() {
  const { t, language } = useT();
  const db = useDb();
  const attention = useLiveQuery(() => db.attention.toArray(), [db]);
  const clockOffset = useLiveQuery(() => phoneClockOffset(db), [db]);
  const syncNow = useSync((state) => state.syncNow);
  const resend = useAction(async () => {
    if ((await requeueRejected(db, new Date())) > 0) syncNow();
  });
  if (attention === undefined) return <p class="loading">{t('app.loading')}</p>;
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
            {attention.map((entry) => {
              const sendable = sendableFrom(entry, serverNow);
              return (
                <li key={entry.id}>
                  <strong>{describe(entry, language, t)}</strong>
                  <span>{formatDateTime(entry.at, language)}</span>
                  <span>
                    {entry.status === 'conflict'
                      ? t('sync.conflict')
                      : t([`sync.reasons.${entry.code}`, `errors.${entry.code}`, 'sync.reasons.unknown'])}
                  </span>
                  {sendable && (
                    <span>{t('sync.sendableFrom', { when: formatDateTime(sendable.toISOString(), language) })}</span>
                  )}
                  {entry.reason && (
                    <small class="attention-list__detail">{t('sync.detailForAdmin', { detail: entry.reason })}</small>
                  )}
                </li>
              );
            })}
          </ul>
          {attention.some((entry) => entry.status === 'rejected') && (
            <button type="button" disabled={resend.busy} onClick={() => resend.run()}>
              {t('sync.resend')}
            </button>
          )}
          {resend.error !== null && <ErrorNotice error={resend.error} />}
        </>
      )}
    </main>
  );
}

function describe(entry: AttentionEntry, language: string, t: TFunction): string {
  if (entry.kind === 'progress') return `${entry.body.courseId} · ${entry.body.lessonId}`;
  if (entry.kind === 'record') return t(`records.kinds.${entry.body.kind}`);
  const name = entry.body.object.definition?.name;
  return name ? pickLanguage({ id: name['id-ID'] ?? '', en: name['en-US'] ?? '' }, language) : entry.body.object.id;
}
