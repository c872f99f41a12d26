import { useEffect, useState } from 'preact/hooks';
import type { FeedbackComment } from '../../../../shared/protocol/analysis';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { fetchCommentsPage } from '../api';
import { saveFile } from '../results/attemptsCsv';
import { commentsCsv } from './commentsCsv';

/** The learners' comments on one course, newest first, a page at a time, and all of them as CSV. */
export function CommentsSection({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const [comments, setComments] = useState<FeedbackComment[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (after: string | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const page = await fetchCommentsPage(courseId, after);
      setComments((shown) => [...(after === null ? [] : (shown ?? [])), ...page.comments]);
      setNext(page.next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the section is keyed by course
  }, []);

  const exportCsv = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const all: FeedbackComment[] = [];
      let after: string | null = null;
      do {
        const page = await fetchCommentsPage(courseId, after);
        all.push(...page.comments);
        after = page.next;
      } while (after !== null);
      saveFile(
        `komentar-${courseId}-${new Date().toISOString().slice(0, 10)}.csv`,
        commentsCsv(all, t),
        'text/csv;charset=utf-8',
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-report" data-section="comments">
      <div class="admin-section__head">
        <h2>{t('admin.analysis.commentsTitle')}</h2>
        <button type="button" class="button" disabled={busy || !comments?.length} onClick={() => void exportCsv()}>
          {t('admin.results.export')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {comments?.length === 0 && <p>{t('admin.analysis.noComments')}</p>}
      <ul class="admin-comments">
        {comments?.map((comment) => (
          <li key={comment.id} data-comment-id={comment.id}>
            <blockquote>{comment.comment}</blockquote>
            <p class="hint">
              {comment.userName || t('admin.analysis.deletedAccount')}
              {comment.opd && ` · ${comment.opd}`}
              {comment.lessonId && ` · ${t('admin.analysis.onLesson', { lesson: comment.lessonId })}`} ·{' '}
              {formatDateTime(comment.at, language)}
            </p>
          </li>
        ))}
      </ul>
      {next !== null && (
        <button type="button" class="button" disabled={busy} onClick={() => void load(next)}>
          {t('admin.analysis.moreComments')}
        </button>
      )}
    </section>
  );
}
