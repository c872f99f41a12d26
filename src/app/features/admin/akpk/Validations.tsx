import { useState } from 'preact/hooks';
import type { AkpkValidation } from '../../../../shared/protocol/akpk';
import { AKPK_LEVEL_MAX, AKPK_PRIORITY_MAX } from '../../../../shared/records/akpk';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { useAction } from '../../../hooks/useAction';
import { useT } from '../../../hooks/useT';
import { useRemote } from '../useRemote';
import { fetchValidations, validate } from './api';

const range = (max: number) => Array.from({ length: max }, (_, index) => index + 1);

/**
 * The answers of people without an atasan: the admin validates them, adjusting level and
 * priority as an atasan would; every validation shows who made it and when.
 */
export function Validations({ periodId, onValidated }: { periodId: string; onValidated: () => void }) {
  const { t } = useT();
  const people = useRemote(() => fetchValidations(periodId), [periodId]);
  return (
    <>
      <h2>{t('akpk.validationsTitle')}</h2>
      <p class="hint">{t('akpk.validationsIntro')}</p>
      {people.error !== null && <ErrorNotice error={people.error} />}
      {people.data?.people.length === 0 && <p>{t('akpk.noValidations')}</p>}
      <ul class="akpk-validations">
        {people.data?.people.map((person) => (
          <ValidationCard
            key={`${person.userId}@${person.answeredAt}`}
            periodId={periodId}
            person={person}
            onValidated={() => {
              people.reload();
              onValidated();
            }}
          />
        ))}
      </ul>
    </>
  );
}

function ValidationCard({
  periodId,
  person,
  onValidated,
}: {
  periodId: string;
  person: AkpkValidation;
  onValidated: () => void;
}) {
  const { t, language } = useT();
  const [changes, setChanges] = useState<ReadonlyMap<string, { selfLevel: number; priority: number }>>(new Map());
  const approve = useAction(async () => {
    await validate(
      periodId,
      person.userId,
      [...changes].map(([competencyId, item]) => ({ competencyId, ...item })),
    );
    onValidated();
  });
  return (
    <li>
      <p>
        <strong>{person.name}</strong> — {person.nip} <small>({person.opd})</small>
      </p>
      {person.items.map((item) => {
        const current = changes.get(item.competencyId) ?? { selfLevel: item.selfLevel, priority: item.priority };
        const change = (field: 'selfLevel' | 'priority', value: number) =>
          setChanges(new Map(changes).set(item.competencyId, { ...current, [field]: value }));
        return (
          <fieldset key={item.competencyId} disabled={person.validated}>
            <legend>
              {t('akpk.answerLine', {
                name: item.name,
                self: item.selfLevel,
                required: item.requiredLevel,
                priority: item.priority,
              })}
            </legend>
            <label>
              {t('akpk.validatedLevel')}{' '}
              <select
                aria-label={t('akpk.validatedLevelOf', { name: item.name })}
                value={String(current.selfLevel)}
                onChange={(event) => change('selfLevel', Number(event.currentTarget.value))}
              >
                {range(AKPK_LEVEL_MAX).map((level) => (
                  <option key={level} value={String(level)}>
                    {level}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              {t('akpk.columns.priority')}{' '}
              <select
                aria-label={t('akpk.priorityOf', { name: item.name })}
                value={String(current.priority)}
                onChange={(event) => change('priority', Number(event.currentTarget.value))}
              >
                {range(AKPK_PRIORITY_MAX).map((priority) => (
                  <option key={priority} value={String(priority)}>
                    {priority}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
        );
      })}
      {person.validations.map((entry) => (
        <p key={entry.at} class="hint">
          {t('akpk.validatedBy', { name: entry.by, at: formatDateTime(entry.at, language) })}
        </p>
      ))}
      {approve.error !== null && <ErrorNotice error={approve.error} />}
      {person.validated ? (
        <p>{t('akpk.validated')}</p>
      ) : (
        <button type="button" class="button button--primary" disabled={approve.busy} onClick={() => approve.run()}>
          {t('akpk.validate', { name: person.name })}
        </button>
      )}
    </li>
  );
}
