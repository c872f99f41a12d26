import { useState } from 'preact/hooks';
import type { CompletionReview } from '../../../../shared/protocol';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { decideCompletionReview, fetchCompletionReviews } from '../api';
import { useRemote } from '../useRemote';

/**
 * Completions the server did not credit because the study time the phone recorded is too
 * short for the course (issue 9.7): the admin accepts one (the JP are credited) or refuses it.
 */
export function CompletionReviews({ courseTitle }: { courseTitle(courseId: string): string }) {
  const { t, language } = useT();
  const reviews = useRemote(() => fetchCompletionReviews(null), []);
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const keyOf = (review: CompletionReview) => `${review.userId}:${review.courseId}`;
  const decide = async (review: CompletionReview, decision: 'accept' | 'refuse'): Promise<void> => {
    setError(null);
    try {
      await decideCompletionReview(review.userId, review.courseId, decision);
      setDecided((before) => new Set([...before, keyOf(review)]));
    } catch (failure) {
      setError(failure);
    }
  };
  const waiting = reviews.data?.reviews.filter((review) => !decided.has(keyOf(review)));
  return (
    <section class="admin-reviews">
      <h2>{t('admin.reviews.title')}</h2>
      <p class="hint">{t('admin.reviews.intro')}</p>
      {reviews.error !== null && <ErrorNotice error={reviews.error} />}
      {error !== null && <ErrorNotice error={error} />}
      {waiting?.length === 0 && <p>{t('admin.reviews.none')}</p>}
      {waiting !== undefined && waiting.length > 0 && (
        <ul>
          {waiting.map((review) => (
            <li key={keyOf(review)} data-review={keyOf(review)}>
              <p>
                {review.userName || review.userId} · {review.unit} · {courseTitle(review.courseId)} ·{' '}
                {formatDateTime(review.completedAt, language)}
              </p>
              <p class="hint">
                {t('admin.reviews.time', {
                  studied: review.studyMinutes,
                  required: review.requiredMinutes,
                  jp: review.jp,
                })}
              </p>
              <button type="button" class="button" onClick={() => void decide(review, 'accept')}>
                {t('admin.reviews.accept')}
              </button>{' '}
              <button type="button" class="button" onClick={() => void decide(review, 'refuse')}>
                {t('admin.reviews.refuse')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {reviews.data?.next != null && <p class="hint">{t('admin.reviews.more')}</p>}
    </section>
  );
}
