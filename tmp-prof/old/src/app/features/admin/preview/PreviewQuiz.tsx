import { pickLanguage } from '../../../../shared/language';
import type { Manifest, QuizEntry } from '../../../../shared/schema/bundle';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import { fetchQuizDoc } from '../api';
import { useRemote } from '../useRemote';

/** Every question of a quiz with its correct answers marked and the explanation learners will read. */
export function PreviewQuiz({ manifest, quiz }: { manifest: Manifest; quiz: QuizEntry }) {
  const { t, language } = useT();
  const loaded = useRemote(() => fetchQuizDoc(manifest, quiz.file), [manifest, quiz.file]);

  if (loaded.error !== null) return <ErrorNotice error={loaded.error} />;
  if (!loaded.data) return <p class="loading">{t('app.loading')}</p>;
  return (
    <article class="admin-quiz">
      <h2>{pickLanguage(quiz.title, language)}</h2>
      <p class="hint">
        {t(`admin.kind.${quiz.kind}`)} · {t('quiz.questionCount', { count: loaded.data.questions.length })} ·{' '}
        {t('quiz.passingScore', { score: quiz.passingScore })} ·{' '}
        {t('admin.preview.maxAttempts', { count: quiz.maxAttempts })}
      </p>
      <ol>
        {loaded.data.questions.map((question) => (
          <li key={question.id} class="admin-quiz__question">
            <p>
              <strong>{pickLanguage(question.prompt, language)}</strong>
            </p>
            <ul class="admin-quiz__options">
              {question.options.map((option) => {
                const correct = question.answer.includes(option.id);
                return (
                  <li key={option.id} class={correct ? 'admin-quiz__option--correct' : undefined}>
                    {pickLanguage(option.text, language)}
                    {correct && <strong> ✓ {t('admin.preview.correct')}</strong>}
                  </li>
                );
              })}
            </ul>
            <p class="quiz-result__explanation">{pickLanguage(question.explanation, language)}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}
