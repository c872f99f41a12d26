import type { EmploymentStatus } from './roster';

/**
 * The yearly JP ledger's rules, one copy for the server (reports, exports, certificates) and
 * the phone (the JP card offline). PP 11/2017 as amended by PP 17/2020 asks 20 JP a year of
 * every PNS; a JP (jam pelajaran) is 45 minutes.
 *
 * Which year a completion counts for is the calendar year of its instant in the server's time
 * zone (`LENTERA_TIME_ZONE`, default Asia/Jakarta), through Intl only: 2026-12-31T17:30Z is
 * 1 January 2027 00:30 WIB, so it counts for 2027. A course counts once per learner (the
 * server keeps one completion per course); approved learning done elsewhere adds its JP to
 * the year its training ended.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
export const DEFAULT_JP_TARGET = 20;
export const MINUTES_PER_JP = 45;

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether Intl knows the zone (an operator's typo must stop the server at start, not skew every year). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClock(instant: Date, timeZone: string): CalendarDate & { hour: number; minute: number; second: number } {
  const parts = new Map(
    formatter(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const number = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.get(type) ?? NaN);
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    hour: number('hour'),
    minute: number('minute'),
    second: number('second'),
  };
}

/** The calendar date an instant falls on in `timeZone`. */
export function calendarDate(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
}

/** The JP year an instant counts for. */
export function jpYear(instant: Date, timeZone: string): number {
  return calendarDate(instant, timeZone).year;
}

/** `YYYY-MM-DD` of the instant in the zone (what certificates and exports print). */
export function isoDateIn(instant: Date, timeZone: string): string {
  const { year, month, day } = calendarDate(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `dd-mm-yyyy` from `YYYY-MM-DD`, SIASN's date format. */
export function siasnDate(isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return `${day}-${month}-${year}`;
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetMs(instant: Date, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant 1 January `year` 00:00 begins in the zone (twice corrected, for zones whose offset changes then). */
export function yearStart(year: number, timeZone: string): Date {
  const guess = Date.UTC(year, 0, 1);
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

/** The half-open span [start, end) of instants that count for `year`. */
export function yearRange(year: number, timeZone: string): { start: Date; end: Date } {
  return { start: yearStart(year, timeZone), end: yearStart(year + 1, timeZone) };
}

/** The minimum JP per year an institution asks of each status; null = no minimum. */
export interface JpTargets {
  /** PNS and CPNS: 20 by regulation, a setting. */
  pns: number;
  /** PPPK: no minimum unless the admin sets one. */
  pppk: number | null;
}

export function jpTarget(status: EmploymentStatus, targets: JpTargets): number | null {
  return status === 'PPPK' ? targets.pppk : targets.pns;
}

/**
 * Minutes a week still needed to reach `remainingJp` by 31 December, from `now` (rounded up,
 * at least one week left counted); null when nothing remains.
 */
export function paceMinutesPerWeek(remainingJp: number, now: Date, timeZone: string): number | null {
  if (remainingJp <= 0) return null;
  const { end } = yearRange(jpYear(now, timeZone), timeZone);
  const weeks = Math.max(1, (end.getTime() - now.getTime()) / (7 * 24 * 3600 * 1000));
  return Math.ceil((remainingJp * MINUTES_PER_JP) / weeks);
}

/** What one year adds up to against a target. */
export interface YearTotal {
  jp: number;
  target: number | null;
  /** JP still missing; 0 when reached or when there is no target. */
  remaining: number;
  reached: boolean;
}

export function yearTotal(jps: readonly number[], target: number | null): YearTotal {
  const jp = jps.reduce((sum, value) => sum + value, 0);
  const remaining = target === null ? 0 : Math.max(0, target - jp);
  return { jp, target, remaining, reached: target !== null && jp >= target };
}
