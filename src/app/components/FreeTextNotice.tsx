import { freeTextProblem } from '../../shared/text';
import { useT } from '../hooks/useT';

/**
 * Says, under a text box, why the server would refuse what is typed there (`freeTextProblem`):
 * told before the record is queued, not as a refusal after the next sync. Nothing while the box
 * is empty: an empty box is not an error yet.
 */
export function FreeTextNotice({ value, optional = false }: { value: string; optional?: boolean }) {
  const { t } = useT();
  const problem = value === '' ? null : freeTextProblem(value, { optional });
  if (problem === null) return null;
  return (
    <p class="notice notice--error" role="alert">
      {t(problem === 'invisible' ? 'records.textInvisible' : 'records.textBidiControl')}
    </p>
  );
}
