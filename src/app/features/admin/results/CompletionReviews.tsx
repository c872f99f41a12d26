import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CompletionReview, CompletionReviewsPage } from '../../../../shared/protocol';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RequestError } from '../../../data/errors';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { decideCompletionReview, fetchCompletionReviews } from '../api';
import { useRemote } from '../useRemote';

const keyOf = (review: CompletionReview) => `${review.userId}:${review.courseId}`;

/**
 * Completions the server did not credit because the study time the phone recorded is too
 * short for the course (issue 9.7): the admin accepts one (the JP are credited) or refuses it.
 * A refusal made by mistake, or before the learner explained, is listed under "Ditolak" and
 * can still be accepted there.
 */
export function CompletionReviews({ courseTitle }: { courseTitle(courseId: string): string }) {
  const { t, language } = useT();
  const waiting = useRemote(() => fetchCompletionReviews('pending'), []);
  const refused = useRemote(() => fetchCompletionReviews('refused'), []);
  // Decided on this screen: a row leaves its list without asking the server for the list again.
  const [decided, setDecided] = useState<ReadonlyMap<string, 'accept' | 'refuse'>>(new Map());
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  // The decided row and its focused button are gone: focus (and scroll to) what was done instead.
  useEffect(() => doneRef.current?.focus(), [done]);
  const [error, setError] = useState<unknown>(null);
  const describe = (review: CompletionReview) => ({
    name: review.userName || review.nip || review.userId,
    course: courseTitle(review.courseId),
  });
  const decide = async (review: CompletionReview, decision: 'accept' | 'refuse'): Promise<void> => {
    setError(null);
    setDone(null);
    try {
      await decideCompletionReview(
        review.userId,
        review.courseId,
        decision,
        review.refusedAt === null ? 'pending' : 'refused',
      );
      setDecided((before) => new Map([...before, [keyOf(review), decision]]));
      setDone(t(decision === 'accept' ? 'admin.reviews.accepted' : 'admin.reviews.refusedDone', describe(review)));
      // The refusal now shows, with its date and the admin, in the refused list.
      if (decision === 'refuse') refused.reload();
    } catch (failure) {
      setError(failure);
      // Another admin decided it first: both lists show where it stands now.
      if (failure instanceof RequestError && failure.code === 'already_decided') {
        waiting.reload();
        refused.reload();
      }
    }
  };
  const acceptRefused = (review: CompletionReview): void => {
    if (confirm(t('admin.reviews.confirmAccept', { ...describe(review), jp: review.jp })))
      void decide(review, 'accept');
  };
  const shownWaiting = waiting.data?.reviews.filter((review) => !decided.has(keyOf(review)));
  const shownRefused = refused.data?.reviews.filter((review) => decided.get(keyOf(review)) !== 'accept');
  return (
    <section class="admin-reviews">
      <h2>{t('admin.reviews.title')}</h2>
      <p class="hint">{t('admin.reviews.intro')}</p>
      {/* Present from the start, so a screen reader announces what is put in it. */}
      <div role="status">
        {done !== null && (
          <p class="notice" tabIndex={-1} ref={doneRef}>
            {done}
          </p>
        )}
      </div>
      {error !== null && <ErrorNotice error={error} />}
      <ReviewList
        list={waiting}
        shown={shownWaiting}
        none={t('admin.reviews.none')}
        more={t('admin.reviews.more')}
        courseTitle={courseTitle}
      >
        {(review) => (
          <>
            <button type="button" class="button" onClick={() => void decide(review, 'accept')}>
              {t('admin.reviews.accept')}
            </button>{' '}
            <button type="button" class="button" onClick={() => void decide(review, 'refuse')}>
              {t('admin.reviews.refuse')}
            </button>
          </>
        )}
      </ReviewList>

      <h3>{t('admin.reviews.refusedTitle')}</h3>
      <p class="hint">{t('admin.reviews.refusedIntro')}</p>
      <ReviewList
        list={refused}
        shown={shownRefused}
        none={t('admin.reviews.noneRefused')}
        more={t('admin.reviews.moreRefused', { count: refused.data?.reviews.length ?? 0 })}
        courseTitle={courseTitle}
      >
        {(review) => (
          <>
            <p class="hint">
              {review.refusedBy === null
                ? t('admin.reviews.refusedOn', { date: formatDateTime(review.refusedAt ?? '', language) })
                : t('admin.reviews.refusedOnBy', {
                    date: formatDateTime(review.refusedAt ?? '', language),
                    admin: review.refusedBy,
                  })}
            </p>
            <button
              type="button"
              class="button"
              aria-label={t('admin.reviews.acceptRefusedFor', describe(review))}
              onClick={() => acceptRefused(review)}
            >
              {t('admin.reviews.acceptRefused')}
            </button>
          </>
        )}
      </ReviewList>
    </section>
  );
}

/**
 * One list of held completions (its first page, less those decided on this screen): each with
 * who (name, NIP, OPD), which course, when completed, the study time against the rule, and what
 * `children` adds (the actions).
 */
function ReviewList({
  list,
  shown,
  none,
  more,
  courseTitle,
  children,
}: {
  list: { data: CompletionReviewsPage | undefined; error: unknown };
  shown: CompletionReview[] | undefined;
  none: string;
  more: string;
  courseTitle(courseId: string): string;
  children(review: CompletionReview): ComponentChildren;
}) {
  const { t, language } = useT();
  return (
    <>
      {list.error !== null && <ErrorNotice error={list.error} />}
      {shown?.length === 0 && <p>{none}</p>}
      {shown !== undefined && shown.length > 0 && (
        <ul>
          {shown.map((review) => (
            <li key={keyOf(review)} data-review={keyOf(review)}>
              <p>
                {[review.userName || review.userId, review.nip, review.opd || review.unit, courseTitle(review.courseId)]
                  .filter((part) => part !== '')
                  .join(' · ')}{' '}
                · {formatDateTime(review.completedAt, language)}
              </p>
              <p class="hint">
                {t('admin.reviews.time', {
                  studied: review.studyMinutes,
                  required: review.requiredMinutes,
                  jp: review.jp,
                })}
              </p>
              {children(review)}
            </li>
          ))}
        </ul>
      )}
      {list.data?.next != null && <p class="hint">{more}</p>}
    </>
  );
}
