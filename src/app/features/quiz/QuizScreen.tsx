import { useEffect, useState } from 'preact/hooks';
import { own } from '../../../shared/dictionary';
import { pickLanguage } from '../../../shared/language';
import { itemsPerAttempt, type QuizEntry } from '../../../shared/schema/bundle';
import { passMark, scoreQuiz } from '../../../shared/scoring/score';
import { Link } from '../../components/Link';
import type { QuizAttempt } from '../../data/db';
import {
  askedQuestions,
  attemptLimit,
  attemptsOf,
  finishAttempt,
  postTestOver,
  readQuiz,
  reviewLevel,
  saveAnswer,
  startOrResumeAttempt,
} from '../../data/quiz';
import { useDb } from '../../hooks/useDb';
import { useLearner } from '../../hooks/useLearner';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { usePwa } from '../../pwa/store';
import { reportSaveFailure } from '../../stores/saveFailure';
import { QuizQuestion } from './QuizQuestion';
import { CompletionPanel } from './CompletionPanel';
import { QuizResult } from './QuizResult';
import { NotDownloaded } from '../course/NotDownloaded';

export default function QuizScreen({ courseId, quizId }: { courseId: string; quizId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const learner = useLearner();
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const quiz = useLiveQuery(async () => {
    const stored = await db.courses.get(courseId);
    return stored ? await readQuiz(db, stored.manifest, quizId) : null;
  }, [db, courseId, quizId]);
  // A query of its own, with IndexedDB reads only: reading the quiz file awaits a Blob, after
  // which Dexie no longer sees what a live query reads, and the post-test ending (or a remedial
  // grant pulled at sync) would not refresh the screen.
  const rules = useLiveQuery(async () => {
    const stored = await db.courses.get(courseId);
    const entry = stored?.manifest.quizzes.find((candidate) => candidate.id === quizId);
    if (!stored || !entry) return null;
    return {
      limit: await attemptLimit(db, courseId, entry),
      postOver: await postTestOver(db, stored.manifest),
    };
  }, [db, courseId, quizId]);
  const attempts = useLiveQuery(() => attemptsOf(db, courseId, quizId), [db, courseId, quizId]);
  const [shownResultId, setShownResultId] = useState<string | null>(null);
  const open = attempts?.find((attempt) => attempt.finishedAt === null);
  const answering = open !== undefined;

  // An open attempt holds answers the learner is still giving: an app update must not reload under it.
  useEffect(() => {
    usePwa.getState().setBlockingWork(answering);
    return () => usePwa.getState().setBlockingWork(false);
  }, [answering]);

  if (course === undefined || quiz === undefined || attempts === undefined || rules === undefined)
    return <p class="loading">{t('app.loading')}</p>;
  if (course === null) return <NotDownloaded courseId={courseId} />;
  if (quiz === null || rules === null) {
    return (
      <main>
        <p class="notice">{t('quiz.notFound')}</p>
        <Link class="back-link" to={{ name: 'catalog' }}>
          {t('course.back')}
        </Link>
      </main>
    );
  }
  const { entry, doc } = quiz;
  const { limit, postOver } = rules;
  const finished = attempts.filter((attempt) => attempt.finishedAt !== null);
  const remaining = Math.max(0, limit - attempts.length);
  const shown = finished.find((attempt) => attempt.id === shownResultId);
  const passedOnce = finished.some((attempt) => attempt.score?.passed === true);
  const level = reviewLevel(entry.kind, postOver);

  const start = async (): Promise<void> => {
    setShownResultId(null);
    await startOrResumeAttempt(db, course.manifest, entry, doc);
  };
  const finish = async (attempt: QuizAttempt): Promise<void> => {
    const unanswered = askedQuestions(doc, attempt).filter(
      (question) => !own(attempt.answers, question.id)?.length,
    ).length;
    if (unanswered > 0 && !confirm(t('quiz.confirmUnanswered', { count: unanswered }))) return;
    await finishAttempt(db, learner, course.manifest, entry, doc, attempt.id);
    setShownResultId(attempt.id);
  };

  return (
    <main class="quiz">
      <Link class="back-link" to={{ name: 'course', courseId }}>
        ← {pickLanguage(course.manifest.title, language)}
      </Link>
      <h1>{pickLanguage(entry.title, language)}</h1>
      {shown ? (
        <QuizResult
          courseId={courseId}
          attempt={shown}
          questions={askedQuestions(doc, shown)}
          lessons={course.manifest.lessons}
          score={scoreQuiz({ questions: askedQuestions(doc, shown) }, shown.answers, passMark(entry))}
          level={level}
          next={
            <QuizNextStep
              courseId={courseId}
              entry={entry}
              attempt={shown}
              remaining={remaining}
              jp={course.manifest.jp}
              onRetry={() => start().catch(reportSaveFailure)}
            />
          }
        />
      ) : open ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            finish(open).catch(reportSaveFailure);
          }}
        >
          <p class="quiz__meta">
            {t('quiz.answeredCount', {
              answered: Object.values(open.answers).filter((ids) => ids.length > 0).length,
              total: open.questionOrder.length,
            })}
          </p>
          <ol class="quiz__questions">
            {open.questionOrder.map((questionId) => {
              const question = doc.questions.find((candidate) => candidate.id === questionId);
              return question ? (
                <QuizQuestion
                  key={question.id}
                  question={question}
                  optionOrder={own(open.optionOrder, question.id) ?? question.options.map((option) => option.id)}
                  chosen={own(open.answers, question.id) ?? []}
                  onChange={(ids) => saveAnswer(db, open.id, question.id, ids).catch(reportSaveFailure)}
                />
              ) : null;
            })}
          </ol>
          <p class="hint">{t('quiz.savedOnPhone')}</p>
          <button type="submit" class="button button--primary">
            {t('quiz.submit')}
          </button>
        </form>
      ) : (
        <section class="quiz__intro">
          <p>{t(`quiz.kind.${entry.kind}`)}</p>
          <ul>
            <li>{t('quiz.questionCount', { count: itemsPerAttempt(entry) })}</li>
            {passMark(entry) !== null && <li>{t('quiz.passingScore', { score: entry.passingScore })}</li>}
            <li>{t('quiz.attemptsLeft', { count: remaining, max: limit })}</li>
          </ul>
          {finished.length > 0 && (
            <PreviousAttempts attempts={finished} judged={passMark(entry) !== null} onShow={setShownResultId} />
          )}
          {remaining > 0 ? (
            // After a pass, trying again is allowed but is not the obvious next step.
            <button
              type="button"
              class={passedOnce ? 'button' : 'button button--primary'}
              onClick={() => start().catch(reportSaveFailure)}
            >
              {finished.length > 0 ? t('quiz.retry') : t('quiz.start')}
            </button>
          ) : (
            <p class="notice notice--warning">{t('quiz.noAttemptsLeft')}</p>
          )}
          {passedOnce && (
            <Link to={{ name: 'course', courseId }} class="button button--primary">
              {t('quiz.backToCourse')}
            </Link>
          )}
        </section>
      )}
    </main>
  );
}

/**
 * Under the score, the step that follows: a failed quiz says the pass mark and offers the
 * retry and the lessons; a post-test that completes the course shows its reward.
 */
function QuizNextStep({
  courseId,
  entry,
  attempt,
  remaining,
  jp,
  onRetry,
}: {
  courseId: string;
  entry: QuizEntry;
  attempt: QuizAttempt;
  remaining: number;
  jp: number;
  onRetry: () => void;
}) {
  const { t } = useT();
  const failed = attempt.score?.passed === false;
  const mark = passMark(entry);
  return (
    <>
      {failed && mark !== null && <p class="quiz-result__mark">{t('quiz.passMark', { score: entry.passingScore })}</p>}
      {attempt.score?.passed === true && entry.kind === 'post' && <CompletionPanel courseId={courseId} jp={jp} />}
      <div class="button-group quiz__after">
        {failed && remaining > 0 && (
          <button type="button" class="button button--primary" onClick={onRetry}>
            {t('quiz.retryWithCount', { count: remaining })}
          </button>
        )}
        {failed && (
          <Link
            to={
              entry.lessonId === undefined
                ? { name: 'course', courseId }
                : { name: 'lesson', courseId, lessonId: entry.lessonId }
            }
            class="button"
          >
            {t('quiz.readAgain')}
          </Link>
        )}
        {/* After a passed post-test the completion panel's steps come first. */}
        <Link
          to={{ name: 'course', courseId }}
          class={(failed && remaining > 0) || (!failed && entry.kind === 'post') ? 'button' : 'button button--primary'}
        >
          {t('quiz.backToCourse')}
        </Link>
      </div>
    </>
  );
}

function PreviousAttempts({
  attempts,
  judged,
  onShow,
}: {
  attempts: QuizAttempt[];
  /** False for a pre-test: its attempts are neither passed nor failed. */
  judged: boolean;
  onShow: (id: string) => void;
}) {
  const { t } = useT();
  return (
    <ol class="quiz__attempts">
      {attempts.map((attempt) => (
        <li key={attempt.id}>
          {t('quiz.attemptSummary', { percent: attempt.score?.percent ?? 0 })}
          {judged && ` · ${attempt.score?.passed ? t('quiz.passed') : t('quiz.notPassed')}`}
          {attempt.answers && Object.keys(attempt.answers).length > 0 && (
            <>
              {' '}
              <button type="button" class="link-button" onClick={() => onShow(attempt.id)}>
                {t('quiz.review')}
              </button>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
