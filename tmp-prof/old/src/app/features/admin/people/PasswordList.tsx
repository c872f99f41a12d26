import { useEffect, useRef, useState } from 'preact/hooks';
import type { InitialPasswordsResponse } from '../../../../shared/protocol/people';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import { issueInitialPasswords } from './peopleApi';

/**
 * One-time passwords for the accounts of one OPD that have none yet, as a list to print and
 * hand out. The server keeps only their hashes: this list is shown once, so it says so.
 */
export function PasswordList({ opd, onClose }: { opd: string; onClose(): void }) {
  const { t } = useT();
  const [answer, setAnswer] = useState<InitialPasswordsResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(false);
  useEffect(() => {
    // Issuing is not idempotent (each call makes new passwords): ask once per opening.
    if (asked.current) return;
    asked.current = true;
    issueInitialPasswords(opd).then(setAnswer, setError);
  }, [opd]);

  return (
    <section class="admin-passwords" aria-label={t('admin.passwords.title', { opd })}>
      <h3>{t('admin.passwords.title', { opd })}</h3>
      {error !== null && <ErrorNotice error={error} />}
      {answer !== null && (
        <>
          <p class="notice notice--warning">{t('admin.passwords.once')}</p>
          {answer.remaining > 0 && <p class="notice">{t('admin.passwords.remaining', { count: answer.remaining })}</p>}
          <p class="admin-passwords__actions">
            <button type="button" class="button button--primary" onClick={() => print()}>
              {t('admin.passwords.print')}
            </button>{' '}
            <button type="button" class="button" onClick={onClose}>
              {t('admin.passwords.close')}
            </button>
          </p>
          {answer.passwords.length === 0 ? (
            <p>{t('admin.passwords.none')}</p>
          ) : (
            <table class="admin-table admin-passwords__table">
              <thead>
                <tr>
                  <th>{t('admin.people.name')}</th>
                  <th>NIP</th>
                  <th>{t('admin.people.unit')}</th>
                  <th>{t('admin.passwords.password')}</th>
                </tr>
              </thead>
              <tbody>
                {answer.passwords.map((entry) => (
                  <tr key={entry.id}>
                    <td>{entry.name}</td>
                    <td>{entry.nip}</td>
                    <td>{entry.unit}</td>
                    <td>
                      <code data-testid="one-time-password">{entry.password}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
