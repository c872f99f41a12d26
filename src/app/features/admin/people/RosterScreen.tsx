import { useState } from 'preact/hooks';
import type { RosterImportResult } from '../../../../shared/protocol/roster-import';
import { errorMessage } from '../../../components/errorMessage';
import { ProgressBar } from '../../../components/ProgressBar';
import { useT } from '../../../hooks/useT';
import { fileProblemText, TableFileError } from '../fileProblemText';
import { deactivateMany, uploadRoster } from './peopleApi';
import { rejectedRowText } from './rejectedRowText';
import { WaitingPasswords } from './WaitingPasswords';

type State =
  | { step: 'idle' }
  | { step: 'sending'; dryRun: boolean; fraction: number }
  | { step: 'preview'; result: RosterImportResult }
  | { step: 'applied'; result: RosterImportResult }
  | { step: 'failed'; error: unknown };

/**
 * Roster import for the BKPSDM and OPD admins: choose the staff file, read the preview (what
 * would be created and changed, every rejected row with its reason, who the file leaves out),
 * then apply it. The same file is sent twice (preview, then apply), so the preview is exactly
 * what the server will do with it.
 */
export default function RosterScreen() {
  const { t, language } = useT();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [deactivated, setDeactivated] = useState<number | null>(null);
  const [deactivateError, setDeactivateError] = useState<unknown>(null);

  const send = async (dryRun: boolean): Promise<void> => {
    if (file === null) return;
    setState({ step: 'sending', dryRun, fraction: 0 });
    try {
      const result = await uploadRoster(file, dryRun, (fraction) => setState({ step: 'sending', dryRun, fraction }));
      setState({ step: dryRun ? 'preview' : 'applied', result });
      setChosen(new Set());
      setDeactivated(null);
    } catch (error) {
      setState({ step: 'failed', error });
    }
  };

  const deactivate = async (): Promise<void> => {
    setDeactivateError(null);
    try {
      await deactivateMany([...chosen]);
      setDeactivated(chosen.size);
      setChosen(new Set());
    } catch (error) {
      setDeactivateError(error);
    }
  };

  const sending = state.step === 'sending';
  const result = state.step === 'preview' || state.step === 'applied' ? state.result : null;
  return (
    <main class="admin__main admin-roster">
      <h1>{t('admin.roster.title')}</h1>
      <p class="hint">{t('admin.roster.intro')}</p>
      <form
        class="admin-upload"
        onSubmit={(event) => {
          event.preventDefault();
          void send(true);
        }}
      >
        <label>
          {t('admin.roster.file')}
          <input
            type="file"
            name="roster"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={sending}
            onChange={(event) => {
              setFile(event.currentTarget.files?.[0] ?? null);
              setState({ step: 'idle' });
            }}
          />
        </label>
        <p class="hint">{t('admin.roster.format')}</p>
        <button type="submit" class="button button--primary" disabled={file === null || sending}>
          {t('admin.roster.preview')}
        </button>
      </form>

      {state.step === 'sending' && (
        <div class="admin-upload__progress" aria-live="polite">
          <ProgressBar
            value={state.fraction}
            label={state.fraction < 1 ? t('admin.roster.sending') : t('admin.roster.checking')}
          />
          <p>
            {state.fraction < 1
              ? t('admin.roster.sendingPercent', { percent: Math.round(state.fraction * 100) })
              : state.dryRun
                ? t('admin.roster.checking')
                : t('admin.roster.applying')}
          </p>
        </div>
      )}
      {state.step === 'failed' && (
        <p class="notice notice--error" role="alert">
          {state.error instanceof TableFileError
            ? fileProblemText(t, language, state.error.problem)
            : errorMessage(state.error)}{' '}
          {t('admin.roster.nothingChanged')}
        </p>
      )}

      {result !== null && (
        <div class="admin-roster__result" data-testid="roster-result">
          <p class={result.dryRun ? 'notice' : 'notice notice--success'} role="status">
            {result.dryRun
              ? t('admin.roster.previewSummary', {
                  rows: result.rows,
                  created: result.created,
                  updated: result.updated,
                  unchanged: result.unchanged,
                  rejected: result.rejected.length,
                })
              : t('admin.roster.appliedSummary', {
                  created: result.created,
                  updated: result.updated,
                  unchanged: result.unchanged,
                  rejected: result.rejected.length,
                })}
          </p>
          {result.dryRun && (
            <button
              type="button"
              class="button button--primary"
              disabled={sending || result.created + result.updated === 0}
              onClick={() => void send(false)}
            >
              {t('admin.roster.apply', { count: result.created + result.updated })}
            </button>
          )}

          {result.rejected.length > 0 && (
            <div class="admin-table__scroll">
              <table class="admin-table">
                <caption>{t('admin.roster.rejectedTitle', { count: result.rejected.length })}</caption>
                <thead>
                  <tr>
                    <th>{t('admin.roster.row')}</th>
                    <th>NIP</th>
                    <th>{t('admin.roster.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rejected.map((entry) => (
                    <tr key={entry.row} data-code={entry.code}>
                      <td class="admin-table__number">{entry.row}</td>
                      <td>{entry.nip}</td>
                      <td>{rejectedRowText(t, entry)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {result.changes.length > 0 && (
            <div class="admin-table__scroll">
              <table class="admin-table">
                <caption>{result.dryRun ? t('admin.roster.changesPreview') : t('admin.roster.changesApplied')}</caption>
                <thead>
                  <tr>
                    <th>{t('admin.roster.row')}</th>
                    <th>NIP</th>
                    <th>{t('admin.people.name')}</th>
                    <th>{t('admin.roster.change')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.changes.map((change) => (
                    <tr key={change.row}>
                      <td class="admin-table__number">{change.row}</td>
                      <td>{change.nip}</td>
                      <td>{change.name}</td>
                      <td>
                        {change.kind === 'created'
                          ? t('admin.roster.created')
                          : change.fields
                              .map(
                                (field) =>
                                  `${t(`admin.people.field.${field.field}`)}: ` +
                                  `${field.from ?? '—'} → ${field.to ?? '—'}`,
                              )
                              .join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {result.missingCount > 0 && (
            <section class="admin-roster__missing">
              <h3>{t('admin.roster.missingTitle', { count: result.missingCount })}</h3>
              <p class="hint">{t('admin.roster.missingIntro')}</p>
              {!result.dryRun && (
                <p>
                  <button
                    type="button"
                    class="button"
                    onClick={() =>
                      setChosen(
                        chosen.size === result.missing.length ? new Set() : new Set(result.missing.map((m) => m.id)),
                      )
                    }
                  >
                    {chosen.size === result.missing.length ? t('admin.roster.chooseNone') : t('admin.roster.chooseAll')}
                  </button>{' '}
                  <button
                    type="button"
                    class="button button--danger"
                    disabled={chosen.size === 0}
                    onClick={() => void deactivate()}
                  >
                    {t('admin.roster.deactivateChosen', { count: chosen.size })}
                  </button>
                </p>
              )}
              {deactivated !== null && (
                <p class="notice" role="status">
                  {t('admin.roster.deactivated', { count: deactivated })}
                </p>
              )}
              {deactivateError !== null && (
                <p class="notice notice--error" role="alert">
                  {errorMessage(deactivateError)}
                </p>
              )}
              <ul class="admin-roster__missing-list">
                {result.missing.map((person) => (
                  <li key={person.id}>
                    <label>
                      {!result.dryRun && (
                        <input
                          type="checkbox"
                          checked={chosen.has(person.id)}
                          onChange={(event) => {
                            const next = new Set(chosen);
                            if (event.currentTarget.checked) next.add(person.id);
                            else next.delete(person.id);
                            setChosen(next);
                          }}
                        />
                      )}{' '}
                      {person.name} ({person.nip}) — {person.opd}
                    </label>
                  </li>
                ))}
              </ul>
            </section>
          )}

          {!result.dryRun && (
            <WaitingPasswords waiting={result.needPasswords} title={t('admin.roster.passwordsTitle')} />
          )}
        </div>
      )}
    </main>
  );
}
