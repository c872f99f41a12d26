import type { Question } from '../../../shared/schema/bundle';
import { pickLanguage } from '../../../shared/language';
import { useT } from '../../hooks/useT';

interface Props {
  question: Question;
  optionOrder: string[];
  chosen: string[];
  onChange(optionIds: string[]): void;
}

export function QuizQuestion({ question, optionOrder, chosen, onChange }: Props) {
  const { t, language } = useT();
  const multiple = question.type === 'multiple';
  const toggle = (optionId: string, checked: boolean): void => {
    if (!multiple) onChange([optionId]);
    else onChange(checked ? [...chosen, optionId] : chosen.filter((id) => id !== optionId));
  };
  return (
    <li class="quiz-question" data-question-id={question.id}>
      <fieldset>
        <legend>{pickLanguage(question.prompt, language)}</legend>
        {multiple && <p class="hint">{t('quiz.chooseAll')}</p>}
        {optionOrder.map((optionId) => {
          const option = question.options.find((candidate) => candidate.id === optionId);
          if (!option) return null;
          return (
            <label key={option.id} class="quiz-question__option">
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={question.id}
                value={option.id}
                checked={chosen.includes(option.id)}
                onChange={(event) => toggle(option.id, event.currentTarget.checked)}
              />
              {pickLanguage(option.text, language)}
            </label>
          );
        })}
      </fieldset>
    </li>
  );
}
