import { own } from '../../../shared/dictionary';
import type { QuizDoc } from '../../../shared/schema/bundle';
import { pickLanguage } from '../../../shared/language';
import type { QuizScore } from '../../../shared/scoring/score';
import type { QuizAttempt } from '../../data/db';
import { useT } from '../../hooks/useT';

/** The score at once, offline, with the right answer and an explanation for every question. */
export function QuizResult({
  attempt,
  doc,
  score,
  passingScore,
}: {
  attempt: QuizAttempt;
  doc: QuizDoc;
  score: QuizScore;
  passingScore: number;
}) {
  const { t, language } = useT();
  const optionText = (questionId: string, ids: string[]): string => {
    const question = doc.questions.find((candidate) => candidate.id === questionId);
    const texts = ids
      .map((id) => question?.options.find((option) => option.id === id))
      .filter((option) => option !== undefined);
    return texts.length > 0
      ? texts.map((option) => pickLanguage(option.text, language)).join(', ')
      : t('quiz.noAnswer');
  };
  return (
    <section class="quiz-result" aria-live="polite">
      <p
        class={`quiz-result__score ${score.passed ? 'quiz-result__score--passed' : 'quiz-result__score--failed'}`}
        role="status"
      >
        {t('quiz.score', { percent: score.percent, correct: score.correct, total: score.total })} —{' '}
        {score.passed ? t('quiz.passed') : t('quiz.notPassed')}
      </p>
      <p class="hint">{t('quiz.passingScore', { score: passingScore })}</p>
      {attempt.serverScore?.flagged && <p class="notice notice--warning">{t('quiz.serverDisagrees')}</p>}
      <ol class="quiz-result__questions">
        {doc.questions.map((question, index) => {
          const correct = score.questions[index]?.correct ?? false;
          return (
            <li key={question.id} class={correct ? 'quiz-result__item--correct' : 'quiz-result__item--wrong'}>
              <p>
                <strong>{pickLanguage(question.prompt, language)}</strong>
              </p>
              <p>
                {correct ? '✓ ' : '✗ '}
                {t('quiz.yourAnswer', { answer: optionText(question.id, own(attempt.answers, question.id) ?? []) })}
              </p>
              {!correct && <p>{t('quiz.correctAnswer', { answer: optionText(question.id, question.answer) })}</p>}
              <p class="quiz-result__explanation">{pickLanguage(question.explanation, language)}</p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
