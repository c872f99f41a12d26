import { parseJsonOrNull } from '../../../../shared/protocol/api-error';
import { peopleApi, type PeopleQuery, type PersonInput, type PersonSummary } from '../../../../shared/protocol/people';
import {
  AccountEventsPageSchema,
  InitialPasswordsSchema,
  IssuedPasswordSchema,
  OpdsSchema,
  PeoplePageSchema,
  PersonAnswerSchema,
  PersonDetailSchema,
  RosterFileProblemSchema,
  RosterImportResultSchema,
} from '../../../../shared/protocol/people-responses';
import { rosterApi, XLSX_MEDIA_TYPE, type RosterImportResult } from '../../../../shared/protocol/roster-import';
import { RequestError } from '../../../data/errors';
import { request, requestErrorOf, requestJson } from '../../../data/http';
import { useSession } from '../../../stores/session';
import { TableFileError } from '../fileProblemText';

/**
 * The people screens' calls to the server (admin and OPD admin; the server narrows each answer to what they manage).
 */
const token = (): string | null => useSession.getState().token;

export function fetchPeople(query: PeopleQuery) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const suffix = search.toString();
  return requestJson(suffix === '' ? peopleApi.list : `${peopleApi.list}?${suffix}`, PeoplePageSchema, {
    token: token(),
  });
}

export const fetchOpds = () => requestJson(peopleApi.opds, OpdsSchema, { token: token() });
export const fetchPerson = (id: string) => requestJson(peopleApi.person(id), PersonDetailSchema, { token: token() });
export const createPerson = (input: PersonInput) =>
  requestJson(peopleApi.create, IssuedPasswordSchema, { token: token(), body: input });
export async function updatePerson(id: string, input: PersonInput): Promise<PersonSummary> {
  return (await requestJson(peopleApi.person(id), PersonAnswerSchema, { token: token(), method: 'PUT', body: input }))
    .person;
}
export const resetPassword = (id: string) =>
  requestJson(peopleApi.resetPassword(id), IssuedPasswordSchema, { token: token(), method: 'POST' });

export async function setActive(id: string, aktif: boolean): Promise<PersonSummary> {
  const path = aktif ? peopleApi.activate(id) : peopleApi.deactivate(id);
  return (await requestJson(path, PersonAnswerSchema, { token: token(), method: 'POST' })).person;
}

export async function endSessions(id: string): Promise<void> {
  await request(peopleApi.endSessions(id), { token: token(), method: 'POST' });
}

export function fetchEvents(userId: string | null, after: string | null) {
  const search = new URLSearchParams();
  if (userId !== null) search.set('userId', userId);
  if (after !== null) search.set('after', after);
  const suffix = search.toString();
  return requestJson(suffix === '' ? peopleApi.events : `${peopleApi.events}?${suffix}`, AccountEventsPageSchema, {
    token: token(),
  });
}

export const issueInitialPasswords = (opd: string) =>
  requestJson(peopleApi.initialPasswords, InitialPasswordsSchema, { token: token(), body: { opd } });

export async function deactivateMany(ids: string[]): Promise<void> {
  await request(rosterApi.deactivate, { token: token(), body: { ids } });
}

/**
 * Sends a roster file as the raw body (XHR: only it reports upload progress). `dryRun` asks for
 * the preview; without it the valid rows are applied.
 */
export function uploadRoster(
  file: File,
  dryRun: boolean,
  onProgress: (fraction: number) => void,
): Promise<RosterImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', rosterApi.import(dryRun));
    xhr.setRequestHeader('content-type', /\.xlsx$/i.test(file.name) ? XLSX_MEDIA_TYPE : 'text/csv');
    const session = token();
    if (session !== null) xhr.setRequestHeader('authorization', `Bearer ${session}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJsonOrNull(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        const answer = RosterImportResultSchema.safeParse(body);
        if (answer.success) resolve(answer.data);
        else reject(new RequestError('invalid_response', xhr.status, answer.error.message));
        return;
      }
      const error = requestErrorOf(xhr.status, xhr.statusText, body);
      const problem = RosterFileProblemSchema.safeParse(error.details);
      if (error.code === 'invalid_roster_file' && problem.success) reject(new TableFileError(problem.data));
      else reject(error);
    };
    xhr.onerror = () => reject(new RequestError('network', 0, 'upload failed'));
    xhr.send(file);
  });
}
