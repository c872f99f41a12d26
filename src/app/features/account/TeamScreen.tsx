import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../shared/protocol';
import { pickLanguage } from '../../../shared/language';
import { TeamResponseSchema } from '../../../shared/protocol/people-responses';
import type { TeamMember, TeamResponse } from '../../../shared/protocol/people';
import { requestJson } from '../../data/http';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../components/format';
import { useT } from '../../hooks/useT';
import { noticeSessionEnded, useSession } from '../../stores/session';

/**
 * The atasan's team (issue 10.4): their direct reports' courses, JP and progress, read-only,
 * read live from the server, which answers with this account's direct reports and nobody else.
 */
export default function TeamScreen() {
  const { t, language } = useT();
  const token = useSession((state) => state.token);
  const [members, setMembers] = useState<TeamMember[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [fetchedAt, setFetchedAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const load = async (after: string | null): Promise<void> => {
    setLoading(true);
    try {
      const page: TeamResponse = await requestJson(
        after === null ? api.team : `${api.team}?after=${encodeURIComponent(after)}`,
        TeamResponseSchema,
        { token },
      );
      setMembers((previous) => (after === null ? page.members : [...previous, ...page.members]));
      setNext(page.next);
      setFetchedAt(page.fetchedAt);
      setError(null);
    } catch (caught) {
      noticeSessionEnded(caught);
      setError(caught);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
    // Loaded once when the screen opens; "Muat ulang" asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <main class="team">
      <h1>{t('team.title')}</h1>
      <p>{t('team.intro')}</p>
      {error !== null && <ErrorNotice error={error} />}
      {fetchedAt !== null && <p class="muted">{t('team.asOf', { when: formatDateTime(fetchedAt, language) })}</p>}
      {!loading && error === null && members.length === 0 && <p>{t('team.empty')}</p>}
      <ul class="team__list">
        {members.map((member) => (
          <li key={member.id} class="card team__member">
            <h2>{member.name}</h2>
            <p class="muted">
              {member.nip} · {member.jabatan === '' ? member.unit : member.jabatan}
              {!member.aktif && ` · ${t('team.inactive')}`}
            </p>
            <p>
              <strong>{t('team.jp', { count: member.jpTotal })}</strong>
            </p>
            {member.courses.length === 0 ? (
              <p class="muted">{t('team.noCourses')}</p>
            ) : (
              <ul class="team__courses">
                {member.courses.map((course) => (
                  <li key={course.courseId}>
                    {course.title === null ? course.courseId : pickLanguage(course.title, language)}:{' '}
                    {course.completedAt !== null
                      ? t('team.completed', { jp: course.jp })
                      : t('team.inProgress', {
                          done: course.lessonsCompleted,
                          total: course.lessonCount ?? '?',
                        })}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <p>
        {next !== null && (
          <button type="button" class="button" disabled={loading} onClick={() => void load(next)}>
            {t('team.more')}
          </button>
        )}{' '}
        <button type="button" class="button" disabled={loading} onClick={() => void load(null)}>
          {loading ? t('app.loading') : t('team.reload')}
        </button>
      </p>
    </main>
  );
}
