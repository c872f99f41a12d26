import { useEffect } from 'preact/hooks';
import { formatDay } from '../../components/format';
import { pickLanguage } from '../../../shared/language';
import { daysUntil, todayWib } from '../../../shared/protocol/assignments';
import { Link } from '../../components/Link';
import { loadMyAssignments } from '../../data/assignments';
import { useDb } from '../../hooks/useDb';
import { whenSettled } from '../../hooks/useSettled';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { noticeSessionEnded, useSession } from '../../stores/session';
import { urgencyOf } from './reminder';

/**
 * The learner's assigned courses with their due dates, read from the phone (so offline too),
 * the most urgent first, with the reminder as the date nears (D-7, D-1) and once overdue. A
 * home-screen card; an assignment never blocks any other course.
 */
export default function AssignedCoursesCard() {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  // An ended session would only get a 401 (an error in the console): pull again after the next login.
  const expired = useSession((state) => state.expired);
  // Pulled whenever Beranda opens online; offline the last copy on the phone is shown. The pull
  // (with the answer's schema, in the sync engine's chunk) waits until Beranda has settled: the
  // first screen and the learner's first tap do not wait on it.
  useEffect(() => {
    if (online && !expired)
      whenSettled()
        .then(() => import('../../data/assignments-sync'))
        // Settling takes seconds: a phone that went offline meanwhile sends nothing.
        .then(({ refreshAssignments }) =>
          useNetwork.getState().online ? refreshAssignments(db, useSession.getState().token) : undefined,
        )
        .catch(noticeSessionEnded);
  }, [db, online, expired]);
  const assignments = useLiveQuery(() => loadMyAssignments(db), [db]);
  const catalog = useLiveQuery(() => db.catalog.toArray(), [db]);
  if (assignments === undefined || assignments.length === 0) return null;
  const today = todayWib();
  const titles = new Map((catalog ?? []).map((entry) => [entry.id, entry.title]));
  const rows = assignments
    .map((assignment) => ({ ...assignment, urgency: urgencyOf(assignment.dueDate, today, assignment.done) }))
    .sort((a, b) => Number(a.done) - Number(b.done) || a.dueDate.localeCompare(b.dueDate));
  return (
    <section class="home-card assigned-card" aria-labelledby="assigned-card-title">
      <h2 id="assigned-card-title">{t('assigned.title')}</h2>
      <ul class="assigned-card__list">
        {rows.map((row) => {
          // The catalog's title when the phone has it, else the one the assignment brought along.
          const title = titles.get(row.courseId) ?? row.title ?? undefined;
          return (
            <li key={row.id} class={`assigned-card__item assigned-card__item--${row.urgency}`}>
              <span class="badge badge--required">{t('assigned.required')}</span>{' '}
              <Link to={{ name: 'course', courseId: row.courseId }}>
                {title === undefined ? row.courseId : pickLanguage(title, language)}
              </Link>
              <br />
              <span class="assigned-card__due">
                {t(`assigned.urgency.${row.urgency}`, {
                  date: formatDay(row.dueDate, language),
                  count: Math.abs(daysUntil(row.dueDate, today)),
                })}
              </span>
              {row.note !== '' && <span class="muted"> · {row.note}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
