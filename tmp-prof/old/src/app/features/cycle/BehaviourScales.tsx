import { pickLanguage } from '../../../shared/language';
import { BEHAVIOUR_SCALE_MAX } from '../../../shared/records/action-plan';
import type { BehaviourIndicator } from '../../../shared/schema/bundle';
import { useT } from '../../hooks/useT';

const SCALE = Array.from({ length: BEHAVIOUR_SCALE_MAX }, (_, index) => index + 1);

/**
 * A course's behaviour indicators, each on the 1–4 scale (tidak pernah … selalu): the
 * learner's self-rating at the last follow-up and the atasan's review ask the same questions.
 */
export function BehaviourScales({
  indicators,
  scores,
  onChange,
}: {
  indicators: readonly BehaviourIndicator[];
  scores: ReadonlyMap<string, number>;
  onChange: (scores: Map<string, number>) => void;
}) {
  const { t, language } = useT();
  return (
    <>
      {indicators.map((indicator) => {
        const text = pickLanguage(indicator.text, language);
        return (
          <div
            key={indicator.id}
            class="cycle__scale"
            role="radiogroup"
            aria-label={text}
            data-indicator-id={indicator.id}
          >
            <p>{text}</p>
            {SCALE.map((score) => (
              <label key={score} class="cycle__choice">
                <input
                  type="radio"
                  name={`scale-${indicator.id}`}
                  checked={scores.get(indicator.id) === score}
                  onChange={() => onChange(new Map(scores).set(indicator.id, score))}
                />
                {t(`cycle.scale.${score}`)}
              </label>
            ))}
          </div>
        );
      })}
    </>
  );
}
