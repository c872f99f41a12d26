import { useState } from 'preact/hooks';
import { pickLanguage } from '../../../../shared/language';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { errorMessage } from '../../../components/errorMessage';
import { formatDateTime } from '../../../components/format';
import { Link } from '../../../components/Link';
import { useT } from '../../../hooks/useT';
import { useRemote } from '../useRemote';
import { AccountEvents } from './AccountEvents';
import { PersonForm } from './PersonForm';
import { endSessions, fetchPerson, resetPassword, setActive } from './peopleApi';

/** One person: roster entry, courses and JP, sessions; reset password, (de)activate, end sessions. */
export default function PersonScreen({ personId }: { personId: string }) {
  const { t, language } = useT();
  const detail = useRemote(() => fetchPerson(personId), [personId]);
  const [oneTime, setOneTime] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [eventsKey, setEventsKey] = useState(0);

  const act = async (action: () => Promise<string | null>): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      if (text !== null) setMessage({ text, error: false });
      detail.reload();
      setEventsKey((key) => key + 1);
    } catch (caught) {
      setMessage({ text: errorMessage(caught), error: true });
    } finally {
      setBusy(false);
    }
  };

  if (detail.error !== null && detail.data === undefined) return <ErrorNotice error={detail.error} />;
  if (detail.data === undefined) return <p class="loading">{t('app.loading')}</p>;
  const { person, courses, jpTotal, sessions } = detail.data;
  const facts: [string, string][] = [
    ['NIP', person.nip],
    [t('admin.people.field.status'), person.status],
    [t('admin.people.field.jabatan'), person.jabatan || '—'],
    [t('admin.people.field.jenisJabatan'), person.jenisJabatan ?? '—'],
    [t('admin.people.field.golongan'), person.golongan ?? '—'],
    [t('admin.people.unit'), person.unit || '—'],
    ['OPD', person.opd || '—'],
    [t('admin.people.field.atasanNip'), person.atasanNip ?? '—'],
    [t('admin.people.field.aktif'), person.aktif ? t('admin.people.active') : t('admin.people.inactive')],
    [
      t('admin.people.password'),
      !person.hasPassword
        ? t('admin.people.noPassword')
        : person.mustChangePassword
          ? t('admin.people.oneTimeOutstanding')
          : t('admin.people.ownPassword'),
    ],
  ];

  return (
    <main class="admin__main admin-person">
      <p>
        <Link to={{ name: 'admin', page: { kind: 'people' } }}>{t('admin.people.back')}</Link>
      </p>
      <h1>{person.name}</h1>
      <dl class="profile__facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p class="admin-person__actions">
        <button
          type="button"
          class="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              if (!confirm(t('admin.people.confirmReset', { name: person.name }))) return null;
              setOneTime((await resetPassword(person.id)).oneTimePassword);
              return null;
            })
          }
        >
          {t('admin.people.resetPassword')}
        </button>{' '}
        <button
          type="button"
          class={person.aktif ? 'button button--danger' : 'button'}
          disabled={busy}
          onClick={() =>
            void act(async () => {
              if (person.aktif && !confirm(t('admin.people.confirmDeactivate', { name: person.name }))) return null;
              await setActive(person.id, !person.aktif);
              return person.aktif ? t('admin.people.deactivatedNow') : t('admin.people.activatedNow');
            })
          }
        >
          {person.aktif ? t('admin.people.deactivate') : t('admin.people.activate')}
        </button>{' '}
        <button
          type="button"
          class="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              await endSessions(person.id);
              return t('admin.people.sessionsEnded');
            })
          }
        >
          {t('admin.people.endSessions')}
        </button>
      </p>
      <details class="admin-people__add">
        <summary>{t('admin.people.edit')}</summary>
        <PersonForm
          key={`${person.id}:${person.nip}:${person.name}:${person.opd}`}
          person={person}
          onCreated={() => {
            setMessage({ text: t('admin.people.saved'), error: false });
            detail.reload();
            setEventsKey((key) => key + 1);
          }}
        />
      </details>
      {oneTime !== null && (
        <div class="notice notice--warning" role="status">
          <p>{t('admin.people.oneTimeShown', { name: person.name })}</p>
          <p>
            <code class="admin-person__otp" data-testid="one-time-password">
              {oneTime}
            </code>
          </p>
        </div>
      )}
      {message !== null && (
        <p class={message.error ? 'notice notice--error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}

      <h3>{t('admin.people.courses', { jp: jpTotal })}</h3>
      {courses.length === 0 ? (
        <p>{t('admin.people.noCourses')}</p>
      ) : (
        <ul>
          {courses.map((course) => (
            <li key={course.courseId}>
              {course.title === null ? course.courseId : pickLanguage(course.title, language)}:{' '}
              {course.completedAt !== null
                ? t('admin.people.courseDone', { jp: course.jp, when: formatDateTime(course.completedAt, language) })
                : t('admin.people.courseProgress', {
                    done: course.lessonsCompleted,
                    total: course.lessonCount ?? '?',
                  })}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('admin.people.sessions')}</h3>
      {sessions.length === 0 ? (
        <p>{t('admin.people.noSessions')}</p>
      ) : (
        <ul>
          {sessions.map((session) => (
            <li key={session.id}>
              {formatDateTime(session.createdAt, language)} · {session.device || '—'} ·{' '}
              {session.endedAt === null
                ? t('admin.people.sessionOpen', { when: formatDateTime(session.lastSeenAt, language) })
                : t(`admin.people.ended.${session.endedBecause ?? 'logout'}`)}
            </li>
          ))}
        </ul>
      )}
      <AccountEvents key={eventsKey} userId={person.id} />
    </main>
  );
}
