import type { TFunction } from 'i18next';
import type { RosterFileProblem } from '../../../shared/protocol/roster-import';
import { formatCount } from '../../components/format';

/**
 * Why the server could not read an uploaded table (the roster, the AKPK competencies), in the
 * reader's language: the server answers a code, a finer reason and the values its message
 * names, and keeps its Indonesian `message` for API clients.
 */
export function fileProblemText(t: TFunction, language: string, problem: RosterFileProblem): string {
  const count = (value: number | undefined) => (value === undefined ? '' : formatCount(value, language));
  return t(`admin.fileProblem.${problem.reason ?? problem.code}`, {
    columns: problem.columns?.join(', ') ?? '',
    column: problem.column ?? '',
    limit: count(problem.limit),
    rows: count(problem.rows),
    width: count(problem.width),
  });
}

/**
 * The server could not read an uploaded file as a table at all (422 `invalid_roster_file`,
 * `invalid_competency_file`): nothing was changed; the screen words `problem` with `fileProblemText`.
 */
export class TableFileError extends Error {
  constructor(readonly problem: RosterFileProblem) {
    super(problem.message);
    this.name = 'TableFileError';
  }
}
