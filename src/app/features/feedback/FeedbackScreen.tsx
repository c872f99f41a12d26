import { useEffect, useState } from 'preact/hooks';
import { FEEDBACK_COMMENT_LIMIT } from '../../../shared/feedback-comment';
import { pickLanguage } from '../../../shared/language';
import { freeTextProblem } from '../../../shared/text';
import { FEEDBACK_ITEMS, type FeedbackItem, type FeedbackRatings } from '../../../shared/xapi/build';
import { errorMessage } from '../../components/errorMessage';
import { FreeTextNotice } from '../../components/FreeTextNotice';
import { Link } from '../../components/Link';
import { courseStarted } from '../../data/completion';
import { newFeedbackId, submitFeedback } from '../../data/feedback';
import { useDb } from '../../hooks/useDb';
import { useLearner } from '../../hooks/useLearner';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { usePwa } from '../../pwa/store';
import { NotDownloaded } from '../course/NotDownloaded';

const SCALE = [1, 2, 3, 4, 5] as const;

/** The short evaluation after a course (or a lesson): four ratings and a comment, saved offline. */
export default function FeedbackScreen({ courseId, lessonId }: { courseId: string; lessonId: string | null }) {
  const { t, language } = useT();
  const db = useDb();
  const learner = useLearner();
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const given = useLiveQuery(
    () =>
      db.feedback
        .where('courseId')
        .equals(courseId)
        .filter((row) => row.lessonId === lessonId)
        .count(),
    [db, courseId, lessonId],
  );
  // The server takes an evaluation only from someone who started the course (`not_started`).
  const started = useLiveQuery(
    async () =>
      courseStarted(
        await db.progress.where('courseId').equals(courseId).toArray(),
        await db.attempts.where('[courseId+quizId]').between([courseId, ''], [courseId, '\uffff']).toArray(),
        courseId,
      ),
    [db, courseId],
  );
  const [ratings, setRatings] = useState<Partial<FeedbackRatings>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  // "Mohon beri nilai…" is about the ratings still missing: once they are all given it goes.
  const [askedToRateAll, setAskedToRateAll] = useState(false);
  const [feedbackId] = useState(newFeedbackId);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const dirty = !saved && (Object.keys(ratings).length > 0 || comment.trim().length > 0);

  useEffect(() => {
    usePwa.getState().setBlockingWork(dirty);
    return () => usePwa.getState().setBlockingWork(false);
  }, [dirty]);

  if (course === undefined || given === undefined || started === undefined)
    return <p class="loading">{t('app.loading')}</p>;
  if (course === null) return <NotDownloaded courseId={courseId} />;
  if (!started)
    return (
      <main>
        <p class="notice">{t('feedback.notStarted')}</p>
        <Link to={{ name: 'course', courseId }} class="button">
          {t('quiz.backToCourse')}
        </Link>
      </main>
    );
  const lesson = lessonId ? course.manifest.lessons.find((entry) => entry.id === lessonId) : undefined;
  const subject = pickLanguage((lesson ?? course.manifest).title, language);
  const complete = FEEDBACK_ITEMS.every((item) => ratings[item] !== undefined);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!complete) {
      setAskedToRateAll(true);
      return;
    }
    setSaving(true);
    try {
      await submitFeedback(db, learner, course.manifest, {
        id: feedbackId,
        lessonId,
        ratings: ratings as FeedbackRatings,
        comment,
      });
      setSaved(true);
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  if (saved) {
    return (
      <main>
        <p class="notice" role="status">
          {t('feedback.thanks')}
        </p>
        <Link to={{ name: 'course', courseId }} class="button">
          {t('quiz.backToCourse')}
        </Link>
      </main>
    );
  }
  return (
    <main class="feedback">
      <Link class="back-link" to={{ name: 'course', courseId }}>
        ← {pickLanguage(course.manifest.title, language)}
      </Link>
      <h1>{t('feedback.title')}</h1>
      <p>{t('feedback.intro', { subject })}</p>
      {given > 0 && <p class="hint">{t('feedback.alreadyGiven')}</p>}
      <form onSubmit={submit}>
        {FEEDBACK_ITEMS.map((item) => (
          <Rating
            key={item}
            item={item}
            value={ratings[item]}
            onChange={(value) => setRatings({ ...ratings, [item]: value })}
          />
        ))}
        <label class="feedback__comment">
          {t('feedback.comment')}
          <textarea
            maxLength={FEEDBACK_COMMENT_LIMIT}
            rows={4}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
        </label>
        <FreeTextNotice value={comment} optional />
        {askedToRateAll && !complete && (
          <p class="notice notice--error" role="alert">
            {t('feedback.rateAll')}
          </p>
        )}
        {error && (
          <p class="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <button
          type="submit"
          class="button button--primary"
          disabled={saving || freeTextProblem(comment, { optional: true }) !== null}
        >
          {t('feedback.submit')}
        </button>
      </form>
    </main>
  );
}

function Rating({
  item,
  value,
  onChange,
}: {
  item: FeedbackItem;
  value: number | undefined;
  onChange(value: FeedbackRatings[FeedbackItem]): void;
}) {
  const { t } = useT();
  return (
    <fieldset class="rating">
      <legend>{t(`feedback.items.${item}`)}</legend>
      <div class="rating__scale">
        {SCALE.map((score) => (
          <label key={score}>
            <input type="radio" name={item} value={score} checked={value === score} onChange={() => onChange(score)} />
            {score}
          </label>
        ))}
      </div>
      <p class="hint">{t(`feedback.scale.${item}`)}</p>
    </fieldset>
  );
}
