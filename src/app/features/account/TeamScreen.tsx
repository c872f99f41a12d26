import { useEffect, useState } from 'preact/hooks';
import { api } from '../../../shared/protocol';
import { pickLanguage } from '../../../shared/language';
import { TeamResponseSchema } from '../../../shared/protocol/people-responses';
import type { TeamMember, TeamResponse } from '../../../shared/protocol/people';
import { complianceApi, ComplianceReportSchema, type ComplianceReport } from '../../../shared/protocol/record';
import { requestJson } from '../../data/http';
import { assignmentsApi, type AssignmentSummary } from '../../../shared/protocol/assignments';
import {
  AssignmentPeopleResponseSchema,
  AssignmentsResponseSchema,
} from '../../../shared/protocol/assignment-responses';
import type { AssignmentPerson } from '../../../shared/protocol/assignments';
import { formatDay } from '../../components/format';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../components/format';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { noticeSessionEnded, useSession } from '../../stores/session';
import { RequestError } from '../../data/errors';

/**
 * The atasan's team (issue 10.4): their direct reports' courses, JP and progress, read-only,
 * read live from the server, which answers with this account's direct reports and nobody else.
 * Issue 12.3: the year's "Pemenuhan 20 JP" for those reports (the admin report's figures, scoped
 * to the team by the server) and each one's JP this year against their target.
 */
export default function TeamScreen() {
  const { t, language } = useT();
  const token = useSession((state) => state.token);
  const [members, setMembers] = useState<TeamMember[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [fetchedAt, setFetchedAt] = useState<string | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [compliance, setCompliance] = useState<ComplianceReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [assignments, setAssignments] = useState<AssignmentSummary[]>([]);
  const [details, setDetails] = useState<{ id: string; people: AssignmentPerson[] } | null>(null);

  const showPeople = async (id: string): Promise<void> => {
    try {
      const { people } = await requestJson(assignmentsApi.teamPeople(id), AssignmentPeopleResponseSchema, { token });
      setDetails({ id, people });
    } catch (caught) {
      noticeSessionEnded(caught);
      setError(caught);
    }
  };

  const load = async (after: string | null): Promise<void> => {
    setLoading(true);
    try {
      if (after === null)
        setAssignments((await requestJson(assignmentsApi.team, AssignmentsResponseSchema, { token })).assignments);
      const page: TeamResponse = await requestJson(
        after === null ? api.team : `${api.team}?after=${encodeURIComponent(after)}`,
        TeamResponseSchema,
        { token },
      );
      // Asked for the year the team list counted, so the summary and the members' lines agree.
      if (after === null)
        setCompliance(await requestJson(`${complianceApi.team}?year=${page.year}`, ComplianceReportSchema, { token }));
      setMembers((previous) => (after === null ? page.members : [...previous, ...page.members]));
      setYear(page.year);
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
  const online = useNetwork((state) => state.online);
  useEffect(() => {
    // Offline the server is not even asked (the phone keeps no copy of the team): the network
    // notice at once, and the team as soon as the connection is back.
    if (online) void load(null);
    else {
      setLoading(false);
      setError(new RequestError('network', 0, 'offline'));
    }
    // Loaded when the screen opens or the phone comes online; "Muat ulang" asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [online]);

  return (
    <main class="team">
      <h1>{t('team.title')}</h1>
      <p>{t('team.intro')}</p>
      {error !== null && <ErrorNotice error={error} />}
      {fetchedAt !== null && <p class="muted">{t('team.asOf', { when: formatDateTime(fetchedAt, language) })}</p>}
      {!loading && error === null && members.length === 0 && <p>{t('team.empty')}</p>}
      {compliance !== null && members.length > 0 && (
        <section class="card team__compliance">
          <h2>{t('team.complianceTitle', { target: compliance.target, year: compliance.year })}</h2>
          {compliance.total.people === 0 ? (
            <p class="muted">{t('team.complianceNobody')}</p>
          ) : (
            <>
              <p>
                <strong>
                  {t('team.complianceReached', {
                    reached: compliance.total.reached,
                    people: compliance.total.people,
                    share: compliance.total.share.toLocaleString(language, { maximumFractionDigits: 2 }),
                  })}
                </strong>
              </p>
              <p>
                {t('team.complianceAverage', {
                  jp: compliance.total.averageJp.toLocaleString(language, { maximumFractionDigits: 2 }),
                })}{' '}
                · {t('team.complianceZero', { count: compliance.total.zeroJp })}
              </p>
              <p class="muted">{t('team.complianceWho')}</p>
            </>
          )}
        </section>
      )}
      {assignments.length > 0 && (
        <section class="card">
          <h2>{t('team.assignments')}</h2>
          <ul class="team__courses">
            {assignments.map((assignment) => (
              <li key={assignment.id}>
                <strong>
                  {assignment.title === null ? assignment.courseId : pickLanguage(assignment.title, language)}
                </strong>{' '}
                ({t('assigned.badge', { date: formatDay(assignment.dueDate, language) })}):{' '}
                {t('team.assignmentCounts', {
                  done: assignment.done,
                  assigned: assignment.assigned,
                  inProgress: assignment.inProgress,
                  notStarted: assignment.notStarted,
                  overdue: assignment.overdue,
                })}{' '}
                <button type="button" class="link-button" onClick={() => void showPeople(assignment.id)}>
                  {t('team.who')}
                </button>
                {details?.id === assignment.id && (
                  <ul>
                    {details.people.map((person) => (
                      <li key={person.nip}>
                        {person.name}: {t(`team.state.${person.state}`)}
                        {person.overdue && <strong> · {t('team.overdue')}</strong>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ul class="team__list">
        {members.map((member) => (
          <li key={member.id} class="card team__member">
            <h2>{member.name}</h2>
            <p class="muted">
              {member.nip} · {member.jabatan === '' ? member.unit : member.jabatan}
              {!member.aktif && ` · ${t('team.inactive')}`}
            </p>
            <p>
              <strong>
                {member.yearTarget === null
                  ? t('record.noTarget', { year: year ?? '', jp: member.yearJp })
                  : t('record.summary', { year: year ?? '', jp: member.yearJp, target: member.yearTarget })}
              </strong>{' '}
              · {t('team.jp', { count: member.jpTotal })}
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
