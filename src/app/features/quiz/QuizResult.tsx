import type { ComponentChildren } from 'preact';
import { own } from '../../../shared/dictionary';
import { pickLanguage } from '../../../shared/language';
import type { LessonEntry, Question } from '../../../shared/schema/bundle';
import { scoreByLesson, type QuizScore } from '../../../shared/scoring/score';
import { Link } from '../../components/Link';
import type { QuizAttempt } from '../../data/db';
import type { ReviewLevel } from '../../data/quiz';
import { useT } from '../../hooks/useT';

interface Props {
  courseId: string;
  /** What to do now (retry, read again, the course's completion): right under the score, before any review. */
  next?: ComponentChildren;
  attempt: QuizAttempt;
  /** The questions the attempt asked, in the order shown. */
  questions: Question[];
  lessons: readonly LessonEntry[];
  score: QuizScore;
  level: ReviewLevel;
}

/**
 * The score at once, offline, and as much of the key as `level` allows: nothing more for a
 * pre-test (it has no pass mark either), the score per lesson with links back for a failed
 * post-test that can be taken again, every answer and explanation otherwise.
 */
export function QuizResult({ courseId, next, attempt, questions, lessons, score, level }: Props) {
  const { t } = useT();
  const verdict = score.passed === null ? 'neutral' : score.passed ? 'passed' : 'failed';
  return (
    <section class="quiz-result" aria-live="polite">
      <p class={`quiz-result__score quiz-result__score--${verdict}`} role="status">
        {t('quiz.score', { percent: score.percent, correct: score.correct, total: score.total })}
        {score.passed !== null && ` — ${score.passed ? t('quiz.passed') : t('quiz.notPassed')}`}
      </p>
      {attempt.serverScore?.flagged && <p class="notice notice--warning">{t('quiz.serverDisagrees')}</p>}
      {next}
      {level === 'scoreOnly' && <p class="hint">{t('quiz.preTestResult')}</p>}
      {level === 'byLesson' && <ByLesson courseId={courseId} questions={questions} lessons={lessons} score={score} />}
      {/* Screens of answers would push the next step out of sight: the learner opens them. */}
      {level === 'full' && (
        <details class="quiz-result__review">
          <summary>{t('quiz.showAnswers')}</summary>
          <FullReview attempt={attempt} questions={questions} score={score} />
        </details>
      )}
    </section>
  );
}

function ByLesson({
  courseId,
  questions,
  lessons,
  score,
}: Pick<Props, 'courseId' | 'questions' | 'lessons' | 'score'>) {
  const { t, language } = useT();
  const perLesson = scoreByLesson(
    questions,
    score.questions,
    lessons.map((lesson) => lesson.id),
  );
  return (
    <>
      <h2>{t('quiz.byLessonTitle')}</h2>
      <ul class="quiz-result__lessons">
        {perLesson.map(({ lessonId, correct, total }) => {
          const index = lessons.findIndex((lesson) => lesson.id === lessonId);
          const lesson = lessons[index];
          const text = t('quiz.lessonScore', { correct, total });
          return (
            <li key={lessonId ?? ''} data-lesson-id={lessonId ?? ''}>
              {lesson ? (
                <Link to={{ name: 'lesson', courseId, lessonId: lesson.id }}>
                  {t('quiz.lessonNumber', { number: index + 1, title: pickLanguage(lesson.title, language) })}
                </Link>
              ) : (
                t('quiz.otherQuestions')
              )}
              : {text}
            </li>
          );
        })}
      </ul>
      <p class="hint">{t('quiz.keyLater')}</p>
    </>
  );
}

function FullReview({ attempt, questions, score }: Pick<Props, 'attempt' | 'questions' | 'score'>) {
  const { t, language } = useT();
  const optionText = (question: Question, ids: string[]): string => {
    const texts = ids
      .map((id) => question.options.find((option) => option.id === id))
      .filter((option) => option !== undefined);
    return texts.length > 0
      ? texts.map((option) => pickLanguage(option.text, language)).join(', ')
      : t('quiz.noAnswer');
  };
  const correctById = new Map(score.questions.map((result) => [result.questionId, result.correct]));
  // Numbered as the learner saw them: the list follows the attempt's own order.
  return (
    <ol class="quiz-result__questions">
      {questions.map((question) => {
        const correct = correctById.get(question.id) === true;
        return (
          <li key={question.id} class={correct ? 'quiz-result__item--correct' : 'quiz-result__item--wrong'}>
            <p>
              <strong>{pickLanguage(question.prompt, language)}</strong>
            </p>
            <p>
              <span aria-hidden="true">{correct ? '✓ ' : '✗ '}</span>
              <span class="visually-hidden">{correct ? t('a11y.correct') : t('a11y.wrong')} </span>
              {t('quiz.yourAnswer', { answer: optionText(question, own(attempt.answers, question.id) ?? []) })}
            </p>
            {!correct && <p>{t('quiz.correctAnswer', { answer: optionText(question, question.answer) })}</p>}
            <p class="quiz-result__explanation">{pickLanguage(question.explanation, language)}</p>
          </li>
        );
      })}
    </ol>
  );
}
