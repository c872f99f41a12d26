import { DEFAULT_TIME_ZONE } from '../../../shared/ledger';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import { catalogTitles, jpCardModel, localCompletions, type JpCardItem } from '../../data/record';
import { readRecordSnapshot } from '../../data/stored-shapes';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useSession } from '../../stores/session';
import { formatLedgerDate } from './format';

/**
 * "JP 2026: 8 dari 20 (kurang 12 JP)": this year's JP on the phone, offline too. The server's
 * confirmed entries plus this phone's completions not confirmed yet, each marked (waiting for
 * sync, or held by the server for an admin's review: JP counted once accepted); a pace hint
 * towards 31 December. It informs and never blocks learning.
 */
export default function JpCard() {
  return <JpSummary showLink />;
}

/**
 * This year's JP as the card counts it (the server's entries and this phone's completions),
 * for every screen that tells the learner a JP figure; undefined while it loads.
 */
export function useJpYear() {
  const { language } = useT();
  const db = useDb();
  const status = useSession((state) => state.user?.status ?? 'PNS');
  const data = useLiveQuery(
    async () => ({
      snapshot: await readRecordSnapshot(db),
      local: await localCompletions(db, language),
      titles: await catalogTitles(db, language),
    }),
    [db, language],
  );
  if (data === undefined) return undefined;
  return {
    ...data,
    model: jpCardModel(data.snapshot, data.local, status, new Date()),
    timeZone: data.snapshot?.timeZone ?? DEFAULT_TIME_ZONE,
  };
}

/** The card's content; the record screen shows it without the link to itself. */
export function JpSummary({ showLink }: { showLink: boolean }) {
  const { t, language } = useT();
  const year = useJpYear();
  if (year === undefined) return null;
  const { model, timeZone, titles } = year;
  const { total } = model;
  const ofTarget = t('record.ofTarget', { jp: total.jp, target: total.target });
  const titleOf = (item: JpCardItem) => (item.kind === 'course' && titles.get(item.id)) || item.title;
  const pendingJp = model.items.filter((item) => item.pending).reduce((sum, item) => sum + item.jp, 0);
  return (
    <section class="home-card jp-card" aria-labelledby="jp-card-title">
      <h2 id="jp-card-title">{t('record.cardTitle', { year: model.year })}</h2>
      {total.target === null ? (
        <>
          <p class="jp-card__summary">{t('record.noTarget', { year: model.year, jp: total.jp })}</p>
          <p class="jp-card__note">{t('record.noTargetNote')}</p>
          {model.status === 'PPPK' && <p class="jp-card__note">{t('record.pppkNote')}</p>}
        </>
      ) : (
        <>
          <p class="jp-card__summary">
            {ofTarget}
            {!total.reached && ` — ${t('record.remaining', { count: total.remaining })}`}
          </p>
          <ProgressBar value={total.jp / total.target} label={ofTarget} />
          {total.reached ? (
            <p>{t('record.reached', { target: total.target })}</p>
          ) : (
            model.paceMinutes !== null && (
              <p class="jp-card__pace">{t('record.pace', { minutes: model.paceMinutes, target: total.target })}</p>
            )
          )}
        </>
      )}
      {pendingJp > 0 && <p class="notice">{t('record.pendingTotal', { count: pendingJp })}</p>}
      {model.items.map(
        ({ key, title, held }) =>
          held && (
            <p key={key} class="notice">
              {t(held === 'pending' ? 'record.held' : 'record.refused', { title })}
            </p>
          ),
      )}
      {model.items.length === 0 ? (
        <p>{t('record.empty')}</p>
      ) : (
        <ul class="jp-card__items">
          {model.items.map((item) => (
            <li key={item.key}>
              <span class="jp-card__title">{titleOf(item)}</span> ·{' '}
              <span class="jp-card__jp">{t('record.itemJp', { count: item.jp })}</span> ·{' '}
              <span class="jp-card__date">{formatLedgerDate(item.date, language, timeZone)}</span>
              {item.kind === 'external' && <span class="badge"> {t('record.external')}</span>}
              {item.revoked && <span class="badge"> {t('record.revoked')}</span>}
              {item.pending && <span class="badge badge--pending"> {t('record.pending')}</span>}
              {item.held && (
                <span class="badge badge--pending">
                  {' '}
                  {t(item.held === 'pending' ? 'record.heldBadge' : 'record.refusedBadge')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {showLink && (
        <p>
          <Link class="target-link" to={{ name: 'record' }}>
            {t('record.openRecord')}
          </Link>
        </p>
      )}
    </section>
  );
}
