import { useState } from 'preact/hooks';
import { assignmentDueDays, type DayRange } from '../../../../shared/dates';
import { pickLanguage } from '../../../../shared/language';
import {
  assignmentsApi,
  type AssignmentPerson,
  type AssignmentSummary,
  type NewAssignment,
} from '../../../../shared/protocol/assignments';
import {
  AssignmentAnswerSchema,
  AssignmentPeopleResponseSchema,
  AssignmentsResponseSchema,
} from '../../../../shared/protocol/assignment-responses';
import { CatalogResponseSchema } from '../../../../shared/protocol/responses';
import { api } from '../../../../shared/protocol';
import { EMPLOYMENT_STATUSES, JENIS_JABATAN } from '../../../../shared/roster';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { errorMessage } from '../../../components/errorMessage';
import { request, requestJson } from '../../../data/http';
import { useT } from '../../../hooks/useT';
import { useSession } from '../../../stores/session';
import { fetchOpds } from '../people/peopleApi';
import { csvDocument } from '../../../../shared/csv';
import { saveFile } from '../results/attemptsCsv';
import { checkDay, outOfRangeFor } from '../dayRange';
import { useRemote } from '../useRemote';

const token = (): string | null => useSession.getState().token;

/**
 * Assigned learning for admins (issue 10.5): assign a published course to OPDs, jenis jabatan,
 * status or NIPs with a due date; per assignment, how many are done, in progress, not started
 * and overdue among the people this admin manages; the list of people as CSV.
 */
export default function AssignmentsScreen() {
  const { t, language } = useT();
  const list = useRemote(() => requestJson(assignmentsApi.admin, AssignmentsResponseSchema, { token: token() }), []);
  const catalog = useRemote(() => requestJson(api.courses, CatalogResponseSchema, { token: token() }), []);
  const opds = useRemote(fetchOpds, []);
  const isBkpsdm = useSession((state) => state.user?.role === 'admin');
  const [courseId, setCourseId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [chosenOpds, setChosenOpds] = useState<string[]>([]);
  const [jenis, setJenis] = useState<NewAssignment['target']['jenisJabatan']>([]);
  const [statuses, setStatuses] = useState<NewAssignment['target']['statuses']>([]);
  const [nips, setNips] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [dueRefused, setDueRefused] = useState<DayRange | null>(null);
  // Out while the request is: a second click would otherwise send the assignment again.
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    setDueRefused(null);
    try {
      checkDay('dueDate', dueDate, assignmentDueDays());
      const body: NewAssignment = {
        courseId,
        dueDate,
        note,
        target: {
          opds: chosenOpds,
          jenisJabatan: jenis,
          statuses,
          nips: nips.split(/[\s,;]+/).filter((nip) => nip !== ''),
        },
      };
      const { assignment } = await requestJson(assignmentsApi.admin, AssignmentAnswerSchema, {
        token: token(),
        body,
      });
      setMessage({ text: t('admin.assignments.created', { count: assignment.assigned }), error: false });
      list.reload();
    } catch (caught) {
      const range = outOfRangeFor(caught, 'dueDate');
      if (range !== null) setDueRefused(range);
      else setMessage({ text: errorMessage(caught), error: true });
    } finally {
      setBusy(false);
    }
  };

  const exportCsv = async (assignment: AssignmentSummary): Promise<void> => {
    try {
      const { people } = await requestJson(assignmentsApi.adminPeople(assignment.id), AssignmentPeopleResponseSchema, {
        token: token(),
      });
      saveFile(
        `wajib-${assignment.courseId}-${assignment.dueDate}.csv`,
        assignmentCsv(people, t),
        'text/csv;charset=utf-8',
      );
    } catch (caught) {
      setMessage({ text: errorMessage(caught), error: true });
    }
  };

  const cancel = async (assignment: AssignmentSummary): Promise<void> => {
    if (!confirm(t('admin.assignments.confirmCancel'))) return;
    try {
      await request(assignmentsApi.adminOne(assignment.id), { token: token(), method: 'DELETE' });
      list.reload();
    } catch (caught) {
      setMessage({ text: errorMessage(caught), error: true });
    }
  };

  const toggle = <T,>(values: T[], value: T, on: boolean): T[] =>
    on ? [...values, value] : values.filter((entry) => entry !== value);

  return (
    <main class="admin__main admin-assignments">
      <h1>{t('admin.assignments.title')}</h1>
      <form class="admin-upload" onSubmit={(event) => void submit(event)}>
        <label>
          {t('admin.assignments.course')}
          <select name="course" value={courseId} onChange={(event) => setCourseId(event.currentTarget.value)} required>
            <option value="">—</option>
            {catalog.data?.courses.map((course) => (
              <option key={course.id} value={course.id}>
                {pickLanguage(course.title, language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.assignments.dueDate')}
          <input
            type="date"
            name="due"
            value={dueDate}
            onInput={(event) => setDueDate(event.currentTarget.value)}
            required
          />
        </label>
        {dueRefused !== null && (
          <p class="notice notice--error" role="alert" data-field="dueDate">
            {t('admin.assignments.dueOutOfRange', { ...dueRefused })}
          </p>
        )}
        {isBkpsdm && (
          <fieldset>
            <legend>OPD</legend>
            <p class="hint">{t('admin.assignments.allIfNone')}</p>
            <div class="admin-assignments__choices">
              {opds.data?.opds
                .filter((entry) => entry.opd !== '')
                .map((entry) => (
                  <label key={entry.opd}>
                    <input
                      type="checkbox"
                      checked={chosenOpds.includes(entry.opd)}
                      onChange={(event) => setChosenOpds(toggle(chosenOpds, entry.opd, event.currentTarget.checked))}
                    />{' '}
                    {entry.opd}
                  </label>
                ))}
            </div>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('admin.people.field.jenisJabatan')}</legend>
          {JENIS_JABATAN.map((value) => (
            <label key={value}>
              <input
                type="checkbox"
                checked={jenis.includes(value)}
                onChange={(event) => setJenis(toggle(jenis, value, event.currentTarget.checked))}
              />{' '}
              {value}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('admin.people.field.status')}</legend>
          {EMPLOYMENT_STATUSES.map((value) => (
            <label key={value}>
              <input
                type="checkbox"
                checked={statuses.includes(value)}
                onChange={(event) => setStatuses(toggle(statuses, value, event.currentTarget.checked))}
              />{' '}
              {value}
            </label>
          ))}
        </fieldset>
        <label>
          {t('admin.assignments.nips')}
          <textarea name="nips" rows={3} value={nips} onInput={(event) => setNips(event.currentTarget.value)} />
        </label>
        <label>
          {t('admin.assignments.note')}
          <input name="note" maxLength={500} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--primary" disabled={busy || courseId === '' || dueDate === ''}>
          {t('admin.assignments.submit')}
        </button>
      </form>
      {message !== null && (
        <p class={message.error ? 'notice notice--error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {list.error !== null && <ErrorNotice error={list.error} />}
      {list.data !== undefined && list.data.assignments.length === 0 && <p>{t('admin.assignments.none')}</p>}
      {list.data !== undefined && list.data.assignments.length > 0 && (
        <div class="admin-table__scroll">
          <table class="admin-table">
            <thead>
              <tr>
                <th>{t('admin.assignments.course')}</th>
                <th>{t('admin.assignments.dueDate')}</th>
                <th>{t('admin.assignments.assigned')}</th>
                <th>{t('admin.assignments.done')}</th>
                <th>{t('admin.assignments.inProgress')}</th>
                <th>{t('admin.assignments.notStarted')}</th>
                <th>{t('admin.assignments.overdue')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.assignments.map((assignment) => (
                <tr key={assignment.id}>
                  <td>
                    {assignment.title === null ? assignment.courseId : pickLanguage(assignment.title, language)}
                    <br />
                    <small>{describeTarget(assignment, t)}</small>
                  </td>
                  <td>{assignment.dueDate}</td>
                  <td class="admin-table__number">{assignment.assigned}</td>
                  <td class="admin-table__number">{assignment.done}</td>
                  <td class="admin-table__number">{assignment.inProgress}</td>
                  <td class="admin-table__number">{assignment.notStarted}</td>
                  <td class="admin-table__number">{assignment.overdue}</td>
                  <td>
                    <button type="button" class="button" onClick={() => void exportCsv(assignment)}>
                      {t('admin.assignments.csv')}
                    </button>{' '}
                    <button type="button" class="button button--danger" onClick={() => void cancel(assignment)}>
                      {t('admin.assignments.cancel')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

type Translate = ReturnType<typeof useT>['t'];

function describeTarget({ target }: AssignmentSummary, t: Translate): string {
  const parts = [
    target.opds.join(', '),
    target.jenisJabatan.join(', '),
    target.statuses.join(', '),
    target.nips.length > 0 ? t('admin.assignments.nipCount', { count: target.nips.length }) : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? t('admin.assignments.everyone') : parts.join(' · ');
}

/** The assignment's people for Excel (the one CSV format of `shared/csv.ts`). */
function assignmentCsv(people: AssignmentPerson[], t: Translate): string {
  const header = [
    'NIP',
    t('admin.people.name'),
    'OPD',
    t('admin.people.unit'),
    'Status',
    t('admin.assignments.overdue'),
  ];
  const rows = people.map((person) => [
    person.nip,
    person.name,
    person.opd,
    person.unit,
    t(`admin.assignments.state.${person.state}`),
    person.overdue ? t('admin.results.yes') : t('admin.results.no'),
  ]);
  return csvDocument([header, ...rows]);
}
