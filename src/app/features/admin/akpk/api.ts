import {
  akpkApi,
  AkpkPeriodList,
  AkpkSummary,
  AkpkTopics,
  AkpkValidationList,
  CompetencyImport,
  type AdminValidation,
  type NewPeriod,
} from '../../../../shared/protocol/akpk';
import { RosterFileProblemSchema } from '../../../../shared/protocol/people-responses';
import { XLSX_MEDIA_TYPE } from '../../../../shared/protocol/roster-import';
import { RequestError } from '../../../data/errors';
import { request, requestErrorOf, requestJson } from '../../../data/http';
import { useSession } from '../../../stores/session';
import { TableFileError } from '../fileProblemText';

const token = (): string | null => useSession.getState().token;

export const fetchPeriods = () => requestJson(akpkApi.periods, AkpkPeriodList, { token: token() });
export const fetchTopics = () => requestJson(akpkApi.topics, AkpkTopics, { token: token() });
export const fetchSummary = (periodId: string, opd: string) =>
  requestJson(akpkApi.summary(periodId, opd), AkpkSummary, { token: token() });
export const fetchValidations = (periodId: string) =>
  requestJson(akpkApi.validations(periodId), AkpkValidationList, { token: token() });

export async function openPeriod(period: NewPeriod): Promise<string> {
  const response = await request(akpkApi.periods, { token: token(), body: period });
  const { id } = (await response.json()) as { id: string };
  return id;
}

/** Validates someone's answers; `items` are the levels and priorities the admin changed (none when they agree). */
export async function validate(periodId: string, userId: string, items: AdminValidation['items']): Promise<void> {
  await request(akpkApi.validate(periodId, userId), { token: token(), body: { items } satisfies AdminValidation });
}

/**
 * Sends the CSV or XLSX file itself (the server reads it as the roster import does) and returns
 * its rows and errors. A file the server cannot read at all is a `TableFileError`.
 */
export async function importCompetencies(file: Blob): Promise<CompetencyImport> {
  let response: Response;
  try {
    response = await fetch(akpkApi.competencies, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token() ?? ''}`,
        'content-type': file instanceof File && /\.xlsx$/i.test(file.name) ? XLSX_MEDIA_TYPE : 'text/csv',
      },
      body: file,
    });
  } catch (error) {
    throw new RequestError('network', 0, error instanceof Error ? error.message : 'network error');
  }
  if (!response.ok) {
    const error = requestErrorOf(response.status, response.statusText, await response.json().catch(() => null));
    const problem = RosterFileProblemSchema.safeParse(error.details);
    if (error.code === 'invalid_competency_file' && problem.success) throw new TableFileError(problem.data);
    throw error;
  }
  const parsed = CompetencyImport.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new RequestError('invalid_response', response.status, parsed.error.message);
  return parsed.data;
}
