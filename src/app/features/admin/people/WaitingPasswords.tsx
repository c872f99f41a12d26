import { useState } from 'preact/hooks';
import { useT } from '../../../hooks/useT';
import { PasswordList } from './PasswordList';

/**
 * The OPDs whose accounts wait for a one-time password, each with the button that makes and
 * prints their list. The roster import shows it right after applying; the people screen shows it
 * always, so an admin who left the import can still print the list. `onClosed` lets the caller
 * read the counts again once a list was made.
 */
export function WaitingPasswords({
  waiting,
  title,
  onClosed,
}: {
  waiting: readonly { opd: string; count: number }[];
  title: string;
  onClosed?(): void;
}) {
  const { t } = useT();
  const [passwordsFor, setPasswordsFor] = useState<string | null>(null);
  if (waiting.length === 0 && passwordsFor === null) return null;
  return (
    <>
      {waiting.length > 0 && (
        <section class="admin-passwords-waiting" aria-label={title}>
          <h2>{title}</h2>
          <p class="hint">{t('admin.roster.passwordsIntro')}</p>
          <ul>
            {waiting.map(({ opd, count }) => (
              <li key={opd}>
                {opd}: {t('admin.roster.waiting', { count })}{' '}
                <button type="button" class="button" onClick={() => setPasswordsFor(opd)}>
                  {t('admin.roster.issuePasswords')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {passwordsFor !== null && (
        <PasswordList
          opd={passwordsFor}
          onClose={() => {
            setPasswordsFor(null);
            onClosed?.();
          }}
        />
      )}
    </>
  );
}
