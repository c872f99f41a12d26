import { useState } from 'preact/hooks';
import type { TFunction } from 'i18next';
import { akpkPeriodDays } from '../../../../shared/dates';
import type { CompetencyImport, PeriodCompetency } from '../../../../shared/protocol/akpk';
import { XLSX_MEDIA_TYPE } from '../../../../shared/protocol/roster-import';
import { AKPK_LEVEL_MAX, BUILT_IN_COMPETENCIES } from '../../../../shared/records/akpk';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useAction } from '../../../hooks/useAction';
import { useT } from '../../../hooks/useT';
import { checkDay, outOfRangeFor } from '../dayRange';
import { fileProblemText, TableFileError } from '../fileProblemText';
import { useRemote } from '../useRemote';
import { fetchTopics, importCompetencies, openPeriod } from './api';

/** Why a competency file or one of its rows was not read, in the reader's language (row 0: the file). */
function competencyErrorText(t: TFunction, error: CompetencyImport['errors'][number]): string {
  const reason = t(`akpk.open.csvProblem.${error.code}`, {
    column: error.column ?? '',
    value: error.value ?? '',
    limit: error.limit ?? '',
    otherRow: error.otherRow ?? '',
  });
  return error.row === 0 ? reason : t('akpk.open.csvProblem.row', { row: error.row, reason });
}

const LEVELS = Array.from({ length: AKPK_LEVEL_MAX }, (_, index) => index + 1);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The BKPSDM opens a survey period: its year and dates, the built-in competencies (always in
 * it), technical ones from a CSV or XLSX and the catalog's topics. Each competency's required level is
 * "by jenis jabatan" unless the admin sets one.
 */
export function OpenPeriodForm({ onOpened }: { onOpened: (periodId: string) => void }) {
  const { t, language } = useT();
  const today = new Date();
  const [year, setYear] = useState(today.getFullYear());
  const [startsOn, setStartsOn] = useState(isoDay(today));
  // A month, within the year: a period's days stay in its year or the one before (`akpkPeriodDays`).
  const [endsOn, setEndsOn] = useState(
    () => [isoDay(new Date(today.getTime() + 30 * 86_400_000)), akpkPeriodDays(year).to].sort()[0]!,
  );
  const [levels, setLevels] = useState<ReadonlyMap<string, number | null>>(new Map());
  const [imported, setImported] = useState<CompetencyImport | null>(null);
  const [chosenTopics, setChosenTopics] = useState<ReadonlySet<string>>(new Set());
  const topics = useRemote(fetchTopics, []);
  const importedCodes = new Set(imported?.competencies.map((competency) => competency.code));

  const readCsv = useAction(async (file: File) => {
    // A file refused whole leaves no list behind from the one before.
    setImported(null);
    setImported(await importCompetencies(file));
  });
  const submit = useAction(async () => {
    checkDay('startsOn', startsOn, akpkPeriodDays(year));
    checkDay('endsOn', endsOn, akpkPeriodDays(year));
    const level = (competency: PeriodCompetency): PeriodCompetency => ({
      ...competency,
      requiredLevel: levels.has(competency.code) ? (levels.get(competency.code) ?? null) : competency.requiredLevel,
    });
    const builtIn = BUILT_IN_COMPETENCIES.filter((competency) => levels.get(competency.code) != null).map(
      (competency) => ({ ...competency, jabatan: null, opd: null, requiredLevel: levels.get(competency.code) ?? null }),
    );
    const competencies = [
      // A built-in competency is in every period; it is sent only to carry a level the admin set.
      ...builtIn,
      ...(imported?.competencies ?? []).map(level),
      ...(topics.data?.topics ?? [])
        .filter((topic) => chosenTopics.has(topic.code) && !importedCodes.has(topic.code))
        .map(level),
    ];
    onOpened(await openPeriod({ year, startsOn, endsOn, competencies }));
  });

  /** Where a date is refused: at its field, with the days the period's year allows. */
  const dayError = (field: 'startsOn' | 'endsOn') => {
    const range = outOfRangeFor(submit.error, field);
    return (
      range !== null && (
        <p class="notice notice--error" role="alert" data-field={field}>
          {t('akpk.open.dayOutOfRange', { ...range, year })}
        </p>
      )
    );
  };
  const dayRefused = outOfRangeFor(submit.error, 'startsOn') ?? outOfRangeFor(submit.error, 'endsOn');

  const levelSelect = (competency: Pick<PeriodCompetency, 'code' | 'name' | 'requiredLevel'>) => {
    const value = levels.has(competency.code) ? levels.get(competency.code) : competency.requiredLevel;
    return (
      <select
        aria-label={t('akpk.open.levelOf', { name: competency.name })}
        value={value == null ? '' : String(value)}
        onChange={(event) => {
          const chosen = event.currentTarget.value;
          setLevels(new Map(levels).set(competency.code, chosen === '' ? null : Number(chosen)));
        }}
      >
        <option value="">{t('akpk.open.byJenisJabatan')}</option>
        {LEVELS.map((level) => (
          <option key={level} value={String(level)}>
            {level}
          </option>
        ))}
      </select>
    );
  };

  return (
    <form
      class="akpk-open"
      onSubmit={(event) => {
        event.preventDefault();
        submit.run();
      }}
    >
      <h2>{t('akpk.open.title')}</h2>
      <div class="akpk-open__dates">
        <label>
          {t('akpk.open.year')}
          <input
            type="number"
            min={2000}
            max={2100}
            value={year}
            required
            onInput={(event) => setYear(Number(event.currentTarget.value))}
          />
        </label>
        <label>
          {t('akpk.open.startsOn')}
          <input type="date" value={startsOn} required onInput={(event) => setStartsOn(event.currentTarget.value)} />
        </label>
        {dayError('startsOn')}
        <label>
          {t('akpk.open.endsOn')}
          <input type="date" value={endsOn} required onInput={(event) => setEndsOn(event.currentTarget.value)} />
        </label>
        {dayError('endsOn')}
      </div>

      <h3>{t('akpk.open.builtIn')}</h3>
      <p class="hint">{t('akpk.open.levelHint')}</p>
      <div class="admin-table__scroll">
        <table class="admin-table">
          <tbody>
            {BUILT_IN_COMPETENCIES.map((competency) => (
              <tr key={competency.code}>
                <td>{competency.code}</td>
                <td>{competency.name}</td>
                <td>{levelSelect({ ...competency, requiredLevel: null })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t('akpk.open.technical')}</h3>
      <label>
        {t('akpk.open.csv')}
        <input
          type="file"
          accept={`.csv,.xlsx,text/csv,${XLSX_MEDIA_TYPE}`}
          disabled={readCsv.busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file !== undefined) readCsv.run(file);
          }}
        />
      </label>
      <p class="hint">{t('akpk.open.csvFormat')}</p>
      {readCsv.error instanceof TableFileError ? (
        <p class="notice notice--error" role="alert">
          {fileProblemText(t, language, readCsv.error.problem)}
        </p>
      ) : (
        readCsv.error !== null && <ErrorNotice error={readCsv.error} />
      )}
      {imported !== null && imported.errors.length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>{t('akpk.open.csvErrors', { count: imported.errors.length })}</p>
          <ul>
            {imported.errors.map((error) => (
              <li key={error.row} data-code={error.code}>
                {competencyErrorText(t, error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {imported !== null && imported.competencies.length > 0 && (
        <div class="admin-table__scroll">
          <table class="admin-table">
            <thead>
              <tr>
                <th>{t('akpk.columns.code')}</th>
                <th>{t('akpk.columns.competency')}</th>
                <th>{t('akpk.columns.for')}</th>
                <th>{t('akpk.columns.requiredLevel')}</th>
              </tr>
            </thead>
            <tbody>
              {imported.competencies.map((competency) => (
                <tr key={competency.code}>
                  <td>{competency.code}</td>
                  <td>{competency.name}</td>
                  <td>{[competency.jabatan, competency.opd].filter(Boolean).join(' · ') || t('akpk.open.everyone')}</td>
                  <td>{levelSelect(competency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t('akpk.open.topics')}</h3>
      {topics.error !== null && <ErrorNotice error={topics.error} />}
      {topics.data?.topics.length === 0 && <p class="hint">{t('akpk.open.noTopics')}</p>}
      <ul class="akpk-open__topics">
        {topics.data?.topics.map((topic) => (
          <li key={topic.code}>
            <label>
              <input
                type="checkbox"
                // A CSV code equal to a course id would make two questions one answer: the CSV's wins.
                disabled={importedCodes.has(topic.code)}
                checked={chosenTopics.has(topic.code) && !importedCodes.has(topic.code)}
                onChange={(event) => {
                  const next = new Set(chosenTopics);
                  if (event.currentTarget.checked) next.add(topic.code);
                  else next.delete(topic.code);
                  setChosenTopics(next);
                }}
              />{' '}
              {topic.name}
            </label>
          </li>
        ))}
      </ul>

      {submit.error !== null && dayRefused === null && <ErrorNotice error={submit.error} />}
      <button type="submit" class="button button--primary" disabled={submit.busy}>
        {t('akpk.open.submit', { year })}
      </button>
    </form>
  );
}
