import { AKPK_LEVEL_MAX, AKPK_PRIORITY_MAX } from '../../../shared/records/akpk';
import { useT } from '../../hooks/useT';

const range = (max: number) => Array.from({ length: max }, (_, index) => index + 1);

/**
 * A competency's own level (1–5) in the AKPK survey, as the learner answers it and the atasan
 * adjusts it. Until the learner picks one (`value` undefined) the field shows "–". `label`
 * differs by who reads it: "Tingkat saya saat ini" is the learner's words, not the atasan's.
 */
export function SelfLevelField({
  code,
  label,
  value,
  onChange,
}: {
  code: string;
  label: string;
  value: number | undefined;
  onChange: (level: number) => void;
}) {
  return (
    <label>
      {label}
      <select
        name={`self-${code}`}
        value={value === undefined ? '' : String(value)}
        onChange={(event) => onChange(Number(event.currentTarget.value))}
      >
        {value === undefined && (
          <option value="" disabled>
            –
          </option>
        )}
        {range(AKPK_LEVEL_MAX).map((level) => (
          <option key={level} value={level}>
            {level}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How urgent developing the competency is (1 high … 3 low), in the survey and its review. */
export function PriorityField({ value, onChange }: { value: number; onChange: (priority: number) => void }) {
  const { t } = useT();
  return (
    <label>
      {t('cycle.survey.priority')}
      <select value={String(value)} onChange={(event) => onChange(Number(event.currentTarget.value))}>
        {range(AKPK_PRIORITY_MAX).map((priority) => (
          <option key={priority} value={priority}>
            {t(`cycle.survey.priorities.${priority}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
