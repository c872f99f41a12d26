import type { ExternalStatus } from '../../shared/external-learning';
import type { AkpkPeriod } from '../../shared/protocol/akpk';
import type { CycleSettings, ReviewDue, SurveyReviewDue } from '../../shared/protocol/cycle';
import type { LearnerRecordResponse, LedgerEntry } from '../../shared/protocol/record';
import { EMPLOYMENT_STATUSES } from '../../shared/roster';
import type { LenteraDb } from './db';

/**
 * What Beranda reads back from the `meta` table, checked field by field as it is read:
 * IndexedDB holds what an older app wrote (or a damaged store), so a value is never cast.
 * Explicit checks of the fields the screens read rather than the shared zod schemas: those
 * check what the server sends before it is stored, and stay off the first signed-in screen
 * (zod alone is ~26 KB gzipped).
 */

type Check<T> = (value: unknown) => value is T;

const isString: Check<string> = (value): value is string => typeof value === 'string';
const isNumber: Check<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value);
const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (value): value is T | null =>
    value === null || check(value);
const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (value): value is T =>
    values.includes(value as T);
const arrayOf =
  <T>(check: Check<T>): Check<T[]> =>
  (value): value is T[] =>
    Array.isArray(value) && value.every(check);
/** An object with every listed field passing its check (other fields are left alone). */
const shape =
  <T>(fields: { [K in keyof T]-?: Check<T[K]> }): Check<T> =>
  (value): value is T =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries<Check<unknown>>(fields).every(([key, check]) => check((value as Record<string, unknown>)[key]));

async function readMeta<T>(db: LenteraDb, key: string, check: Check<T>): Promise<T | null> {
  const value = (await db.meta.get(key))?.value;
  return check(value) ? value : null;
}

/** The learner's record as last pulled (`refreshRecord`), without the certificates, which have their own table. */
export type RecordSnapshot = Omit<LearnerRecordResponse, 'certificates'> & { fetchedAt: string };
export const RECORD_SNAPSHOT_KEY = 'record:snapshot';

const isRecordSnapshot = shape<RecordSnapshot>({
  timeZone: isString,
  status: oneOf(EMPLOYMENT_STATUSES),
  target: nullable(isNumber),
  entries: arrayOf(
    shape<LedgerEntry>({
      kind: oneOf(['course', 'external']),
      id: isString,
      title: isString,
      jp: isNumber,
      completedAt: isString,
      year: isNumber,
      certificateCode: nullable(isString),
      // Absent in what an app before revocation stopped counting wrote, and on counted entries.
      revoked: (value): value is true | undefined => value === undefined || value === true,
    }),
  ),
  external: arrayOf(
    shape({
      id: isString,
      status: oneOf<ExternalStatus>(['pending', 'approved', 'refused']),
      approvedJp: nullable(isNumber),
      refusalReason: nullable(isString),
    }),
  ),
  fetchedAt: isString,
});

/** The last ledger the server sent, or null when the phone holds none in this shape. */
export const readRecordSnapshot = (db: LenteraDb): Promise<RecordSnapshot | null> =>
  readMeta(db, RECORD_SNAPSHOT_KEY, isRecordSnapshot);

/** The parts of the training cycle's state (`GET /api/cycle`) that make the learner's due tasks. */
export interface TaskState {
  settings: Pick<CycleSettings, 'checkpoints'>;
  reviewsDue: Pick<ReviewDue, 'learnerId' | 'name' | 'courseId' | 'dueAt'>[];
  survey: Pick<AkpkPeriod, 'id' | 'year' | 'startsOn'> | null;
  surveyReviewsDue: Pick<SurveyReviewDue, 'learnerId' | 'name' | 'periodId' | 'responseId' | 'answeredAt'>[];
}
export const CYCLE_STATE_KEY = 'cycle:state';

const isTaskState = shape<TaskState>({
  settings: shape({ checkpoints: arrayOf(isNumber) }),
  reviewsDue: arrayOf(shape({ learnerId: isString, name: isString, courseId: isString, dueAt: isString })),
  survey: nullable(shape({ id: isString, year: isNumber, startsOn: isString })),
  surveyReviewsDue: arrayOf(shape({ learnerId: isString, name: isString, periodId: isString, answeredAt: isString })),
});

/** The stored cycle state as far as tasks need it, or null when the phone holds none in this shape. */
export const readTaskState = (db: LenteraDb): Promise<TaskState | null> => readMeta(db, CYCLE_STATE_KEY, isTaskState);
