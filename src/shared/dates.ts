import { z } from 'zod';

/**
 * Days and times as clients send them, limited to what both databases store and read back
 * alike: PostgreSQL refuses year 0, and `toISOString` writes years past 9999 with six digits
 * and a sign, which is not RFC 3339. An out-of-range value is the request's 400 or one record's
 * rejection, never a 500 from the database.
 */

/**
 * `YYYY-MM-DD`, a day that exists (no 2026-02-30), years 1–9999. One check, not a regex and a
 * refinement: zod runs a refinement even after the regex failed, and `toISOString` throws on
 * what is not a date (`''`, `-1`), which made a malformed due date a 500.
 */
export const CalendarDay = z
  .string()
  .refine(
    (day) =>
      /^\d{4}-\d{2}-\d{2}$/.test(day) &&
      !day.startsWith('0000') &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'a calendar day YYYY-MM-DD between the years 1 and 9999',
  );

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

/** When something happened on the phone, as the phone's clock said (ISO 8601 with an offset, kept as written). */
export const WrittenAt = z.iso
  .datetime({ offset: true })
  .refine(inStoredYears, 'a time between the years 1 and 9999')
  .refine(inStoredOffsets, 'a UTC offset between -15:59 and +15:59')
  .refine((time) => !(Date.parse(time) > Date.now() + CLOCK_SKEW_MS), "more than a day ahead of the server's clock");
