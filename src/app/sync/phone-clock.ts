import { CLOCK_SKEW_MS } from '../../shared/dates';
import type { AttentionEntry, LenteraDb, SyncRecord } from '../data/db';
import { PHONE_CLOCK_KEY } from '../data/phone-clock';

/**
 * The phone's own clock, as the server's answers show it. The server dates nothing the phone
 * sends: it refuses learning dated more than a day ahead of its clock, before 2000, or before
 * the account or the course existed (`implausible_time`, `before_account_created`,
 * `before_course_published`). A phone whose clock is wrong (reset by a flat battery, set by hand
 * to the wrong day or time zone) has its records refused without knowing why, so each sync
 * compares the phone's clock with the server's and the learner is told while it is wrong.
 */

/**
 * How far the phone's clock may be from the server's before the learner is told: 5 minutes.
 * Not the round trip: `clockOffsetMs` only counts what lies outside the request's own time,
 * however slow the link. A phone set to the time automatically is within seconds; one set by
 * hand drifts a minute or two, which no check the server makes can notice (they go by days);
 * a wrong day, month or year, or a wrong time zone (whole hours), is well past 5 minutes.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * How far the phone's clock is ahead of the server's (negative: behind), in milliseconds, from
 * one answer: the server read `serverTime` at some moment after the phone sent its request
 * (`sentAt`, by the phone's clock) and before the answer arrived (`answeredAt`). On a right
 * clock it lies between the two, so only what falls outside them is the phone's error (0 when
 * it falls inside). Null for an answer without a readable time (an older server).
 */
export function clockOffsetMs(sentAt: number, answeredAt: number, serverTime: string | undefined): number | null {
  const server = serverTime === undefined ? NaN : Date.parse(serverTime);
  if (Number.isNaN(server)) return null;
  if (server < sentAt) return sentAt - server;
  if (server > answeredAt) return answeredAt - server;
  return 0;
}

/**
 * Keeps what the last answer showed: the offset in whole minutes while it is past the
 * tolerance, nothing once it is within. Written only when it changes, so the header's live
 * query does not run again after every sync.
 */
export async function notePhoneClock(db: LenteraDb, offsetMs: number): Promise<void> {
  const minutes = Math.abs(offsetMs) > CLOCK_TOLERANCE_MS ? Math.round(offsetMs / 60_000) : null;
  const kept = (await db.meta.get(PHONE_CLOCK_KEY))?.value;
  if (minutes === null) {
    if (kept !== undefined) await db.meta.delete(PHONE_CLOCK_KEY);
  } else if (kept !== minutes) await db.meta.put({ key: PHONE_CLOCK_KEY, value: minutes });
}

/** The refusals a wrong phone clock causes: the time the phone gave the record is not one the server can accept. */
export const CLOCK_REFUSALS: readonly string[] = [
  'implausible_time',
  'before_account_created',
  'before_course_published',
];

/**
 * When a record refused for a time too far ahead (`implausible_time`, a phone clock that ran
 * ahead) can be sent again as it is: once the server's clock is at most `CLOCK_SKEW_MS` behind
 * its time. Null for other refusals, for a time that has come, and for one before 2000 (never).
 * The phone never re-dates a record to make it pass: when learning happened is part of the
 * record (the year its JP count in, a certificate's dates), and a time the phone made up would
 * be a guess the server could not tell from the truth. `serverNow`: the phone's clock less the
 * offset the last sync found.
 */
export function sendableFrom(entry: AttentionEntry, serverNow: number): Date | null {
  if (entry.code !== 'implausible_time') return null;
  const from = Date.parse(timeOf(entry)) - CLOCK_SKEW_MS;
  return from > serverNow ? new Date(from) : null;
}

/** The latest time a record carries for when its learning happened (what the server checks). */
function timeOf(entry: SyncRecord): string {
  switch (entry.kind) {
    case 'statement':
      return entry.body.timestamp;
    case 'progress':
      return entry.body.completedAt ?? entry.body.openedAt;
    case 'record':
      return entry.body.body.writtenAt;
  }
}
