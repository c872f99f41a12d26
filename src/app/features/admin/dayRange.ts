import { z } from 'zod';
import { DAY_OUT_OF_RANGE, isDayWithin, type DayRange } from '../../../shared/dates';
import { RequestError } from '../../data/errors';

/** A day the admin entered outside its range, found by the form before anything is sent. */
export class DayOutOfRangeError extends Error {
  constructor(
    readonly field: string,
    readonly range: DayRange,
  ) {
    super(`${field} is outside ${range.from} – ${range.to}`);
    this.name = 'DayOutOfRangeError';
  }
}

/** Throws `DayOutOfRangeError` for `day` outside `range`, so the form says so at the field. */
export function checkDay(field: string, day: string, range: DayRange): void {
  if (!isDayWithin(day, range)) throw new DayOutOfRangeError(field, range);
}

/** The server's issue for a day out of range (`refuseDayOutside`), among the 400's `details`. */
const OutOfRangeIssue = z.object({
  path: z.array(z.unknown()),
  params: z.object({ code: z.literal(DAY_OUT_OF_RANGE), from: z.string(), to: z.string() }),
});

/**
 * The range `field` had to be in when `error` refused it: the form's own check, or the server's
 * 400 (its clock may read another year than the admin's). Null for any other failure.
 */
export function outOfRangeFor(error: unknown, field: string): DayRange | null {
  if (error instanceof DayOutOfRangeError) return error.field === field ? error.range : null;
  if (!(error instanceof RequestError) || error.status !== 400 || !Array.isArray(error.details)) return null;
  for (const detail of error.details as unknown[]) {
    const issue = OutOfRangeIssue.safeParse(detail);
    if (issue.success && issue.data.path[0] === field)
      return { from: issue.data.params.from, to: issue.data.params.to };
  }
  return null;
}
