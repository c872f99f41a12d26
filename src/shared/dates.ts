import { z } from 'zod';

/**
 * Days and times as clients send them, limited to what both databases store and read back
 * alike: PostgreSQL refuses year 0, and `toISOString` writes years past 9999 with six digits
 * and a sign, which is not RFC 3339. An out-of-range value is the request's 400 or one record's
 * rejection, never a 500 from the database.
 */

/**
 * `YYYY-MM-DD`, a day that exists (no 2026-02-30, 2026-13-01 or 2026-12-00), years 1–9999. One
 * check, not a regex and a refinement: zod runs a refinement even after the regex failed. The
 * check never throws: `toISOString` throws on an invalid date, and a throw inside a schema is a
 * 500 on every route that reads a day (a push holding one such record failed as a whole).
 */
export const CalendarDay = z.string().refine(isCalendarDay, 'a calendar day YYYY-MM-DD between the years 1 and 9999');

function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day.startsWith('0000')) return false;
  const time = Date.parse(`${day}T00:00:00Z`);
  // An impossible month or day 00 is NaN; 02-30 parses and rolls over, caught by the round trip.
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}

/** PostgreSQL reads UTC offsets up to ±15:59; zod's ISO form takes any up to ±23:59. */
const inStoredOffsets = (time: string): boolean => !/[+-](1[6-9]|2\d):?\d{2}$/.test(time);

const inStoredYears = (time: string): boolean => {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999;
};

/** An ISO 8601 time with an offset, normalised to UTC (`…Z`) so both databases parse it alike. */
export const StoredTime = z.iso
  .datetime({ offset: true })
  .refine(inStoredYears, 'a time between the years 1 and 9999')
  .transform((time) => new Date(time).toISOString());

/**
 * How far ahead of the server's clock a phone's clock may be. A time further ahead is a wrong
 * clock (or a forged record): the newest `writtenAt` wins an edit, so one dated 9999 would
 * lock out every later edit of the same thing.
 */
export const CLOCK_SKEW_MS = 24 * 3_600_000;

/**
 * The years Lentera keeps learning in, one range for every table and report: certificate
 * numbers count per year (`certificate_counters`, migration 060: 2000–9999), AKPK periods
 * (migration 073) and every report's year filter take 2000–2100. Learning dated outside them
 * would be credited where no report shows it, or could not be numbered at all (a 500).
 */
export const FIRST_LEARNING_YEAR = 2000;
export const LAST_REPORT_YEAR = 2100;
const FIRST_LEARNING_DAY = `${FIRST_LEARNING_YEAR}-01-01`;
/**
 * The earliest time learning can have happened: a day into the first year, so that the
 * calendar of any time zone (certificates are numbered by the year of `LENTERA_TIME_ZONE`)
 * already reads the first year.
 */
const FIRST_LEARNING_MS = Date.UTC(FIRST_LEARNING_YEAR, 0, 2);

/**
 * A reason code on a refusal of one record or one decision: the time or day it carries is
 * not a plausible one for learning (`implausibleTime`). Carried in zod's issue `params` so the
 * record channel can tell it from any other schema failure.
 */
export const IMPLAUSIBLE_TIME = 'implausible_time';

/**
 * Why `time` cannot be when a learner did something, or null when it can: not before
 * 2000-01-02 UTC (a phone whose clock reset to 1970), not after the server's clock plus
 * `CLOCK_SKEW_MS` (a phone set years ahead). The one definition for statements, progress, the
 * dates learners write, and the admin's decisions on what was stored before it existed.
 */
export function implausibleTime(time: string | Date, now: number = Date.now()): string | null {
  const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (Number.isNaN(ms)) return 'not a time';
  if (ms < FIRST_LEARNING_MS) return `before ${FIRST_LEARNING_YEAR} (is the phone's clock right?)`;
  if (ms > now + CLOCK_SKEW_MS) return "more than a day ahead of the server's clock (is the phone's clock right?)";
  return null;
}

/** `implausibleTime` for a day a learner says something happened on (`YYYY-MM-DD`, any time zone's today). */
export function implausibleDay(day: string, now: number = Date.now()): string | null {
  if (day < FIRST_LEARNING_DAY) return `before ${FIRST_LEARNING_YEAR}`;
  if (day > new Date(now + CLOCK_SKEW_MS).toISOString().slice(0, 10)) return 'a day that has not come yet';
  return null;
}

const implausible = (problem: (value: string) => string | null) =>
  ((value: string, context: z.RefinementCtx) => {
    const message = problem(value);
    if (message !== null) context.addIssue({ code: 'custom', message, params: { code: IMPLAUSIBLE_TIME } });
  }) satisfies (value: string, context: z.RefinementCtx) => void;

/** Whether a schema failure is (also) an implausible time or day: the record's refusal then says so. */
export const isImplausibleTimeIssue = (issue: z.core.$ZodIssue): boolean =>
  issue.code === 'custom' && (issue.params as { code?: unknown } | undefined)?.code === IMPLAUSIBLE_TIME;

/** A day learning happened on (external learning's start and end): `implausibleDay`. */
export const LearningDay = CalendarDay.superRefine(implausible((day) => implausibleDay(day)));

/**
 * A day planned ahead (an action's target date): from the first learning year to the last
 * year reports read, so a plan's follow-up shows where the year's reports look.
 */
export const PlannedDay = CalendarDay.superRefine(
  implausible((day) =>
    day < FIRST_LEARNING_DAY || day > `${LAST_REPORT_YEAR}-12-31`
      ? `a day of the years ${FIRST_LEARNING_YEAR}–${LAST_REPORT_YEAR}`
      : null,
  ),
);

/**
 * A reason code on a refused day an admin entered: outside its plausible range. The issue's
 * `params` carry the range (`from`, `to`), so the admin screens word it next to the field.
 */
export const DAY_OUT_OF_RANGE = 'day_out_of_range';

/** The first and last day (`YYYY-MM-DD`, both included) a day entered for something may be. */
export interface DayRange {
  from: string;
  to: string;
}

export const isDayWithin = (day: string, range: DayRange): boolean => day >= range.from && day <= range.to;

/** Adds the `DAY_OUT_OF_RANGE` issue when `day` is outside `range` (at `path` of an object's refinement). */
export function refuseDayOutside(
  day: string,
  range: DayRange,
  context: z.RefinementCtx,
  path: PropertyKey[] = [],
): void {
  if (!isDayWithin(day, range))
    context.addIssue({
      code: 'custom',
      path,
      message: `a day from ${range.from} to ${range.to}`,
      params: { code: DAY_OUT_OF_RANGE, ...range },
    });
}

/**
 * The days an AKPK period of `year` may run over: that year, and the year before it — the needs
 * survey behind a year's development plan is usually held while that year's budget is drafted,
 * the year before. Never before the first learning year. A period of 0001–9999 would be open
 * to every learner forever, and answers outside these years belong to no plan.
 */
export const akpkPeriodDays = (year: number): DayRange => ({
  from: `${Math.max(year - 1, FIRST_LEARNING_YEAR)}-01-01`,
  to: `${year}-12-31`,
});

/**
 * How many years past this one an assignment may be due: five, a regional government's planning
 * term (Renstra, RPJMD). A due date further out is a typo (2206 for 2026); its reminder would
 * never come.
 */
export const ASSIGNMENT_YEARS_AHEAD = 5;

/**
 * The days an assignment may be due on: from the first learning year (a past day is allowed, to
 * record what was owed) to the end of the `ASSIGNMENT_YEARS_AHEAD`th year after this one, never
 * past the last year reports read.
 */
export const assignmentDueDays = (now: number = Date.now()): DayRange => ({
  from: FIRST_LEARNING_DAY,
  to: `${Math.min(new Date(now).getUTCFullYear() + ASSIGNMENT_YEARS_AHEAD, LAST_REPORT_YEAR)}-12-31`,
});

/** When something happened on the phone, as the phone's clock said (ISO 8601 with an offset, kept as written). */
export const WrittenAt = z.iso
  .datetime({ offset: true })
  .refine(inStoredYears, 'a time between the years 1 and 9999')
  .refine(inStoredOffsets, 'a UTC offset between -15:59 and +15:59')
  // What is no time at all is the refinements' above to explain, not a wrong clock.
  .superRefine(implausible((time) => (Number.isNaN(Date.parse(time)) ? null : implausibleTime(time))));
