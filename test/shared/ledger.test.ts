import { describe, expect, it } from 'vitest';
import {
  isoDateIn,
  isValidTimeZone,
  jpTarget,
  jpYear,
  paceMinutesPerWeek,
  siasnDate,
  yearRange,
  yearTotal,
} from '../../src/shared/ledger';

describe('the JP year', () => {
  it('is the calendar year in the server time zone: 2026-12-31T17:30Z counts for 2027 in WIB', () => {
    expect(jpYear(new Date('2026-12-31T17:30:00Z'), 'Asia/Jakarta')).toBe(2027);
    expect(jpYear(new Date('2026-12-31T16:59:59Z'), 'Asia/Jakarta')).toBe(2026);
    expect(jpYear(new Date('2026-12-31T17:00:00Z'), 'Asia/Jakarta')).toBe(2027);
    // WIT (UTC+9) turns the year two hours earlier than WIB; UTC itself later.
    expect(jpYear(new Date('2026-12-31T15:30:00Z'), 'Asia/Jayapura')).toBe(2027);
    expect(jpYear(new Date('2026-12-31T17:30:00Z'), 'UTC')).toBe(2026);
  });

  it('spans exactly the instants from local New Year to local New Year', () => {
    const { start, end } = yearRange(2027, 'Asia/Jakarta');
    expect(start.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(end.toISOString()).toBe('2027-12-31T17:00:00.000Z');
    // A zone with daylight saving around New Year (southern summer) still starts at local midnight.
    expect(yearRange(2027, 'Australia/Sydney').start.toISOString()).toBe('2026-12-31T13:00:00.000Z');
    expect(yearRange(2027, 'America/New_York').start.toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });

  it('prints dates in the zone and in SIASN form', () => {
    expect(isoDateIn(new Date('2026-12-31T17:30:00Z'), 'Asia/Jakarta')).toBe('2027-01-01');
    expect(siasnDate('2027-01-01')).toBe('01-01-2027');
    expect(isValidTimeZone('Asia/Makassar')).toBe(true);
    expect(isValidTimeZone('Asia/Jakrta')).toBe(false);
  });
});

describe('targets and pace', () => {
  const targets = { pns: 20, pppk: null };
  it('PNS and CPNS have the target, PPPK none unless set', () => {
    expect(jpTarget('PNS', targets)).toBe(20);
    expect(jpTarget('CPNS', targets)).toBe(20);
    expect(jpTarget('PPPK', targets)).toBeNull();
    expect(jpTarget('PPPK', { pns: 20, pppk: 10 })).toBe(10);
  });

  it('adds up a year against the target', () => {
    expect(yearTotal([2, 1, 5], 20)).toEqual({ jp: 8, target: 20, remaining: 12, reached: false });
    expect(yearTotal([20, 4], 20)).toMatchObject({ remaining: 0, reached: true });
    expect(yearTotal([3], null)).toMatchObject({ remaining: 0, reached: false });
  });

  it('spreads the missing JP (45 minutes each) over the weeks left until 31 December', () => {
    // 1 October 00:00 WIB: 13 weeks (92 days) left; 12 JP = 540 minutes → 42 a week.
    expect(paceMinutesPerWeek(12, new Date('2026-09-30T17:00:00Z'), 'Asia/Jakarta')).toBe(42);
    // In the last week the whole rest is due this week.
    expect(paceMinutesPerWeek(2, new Date('2026-12-30T00:00:00Z'), 'Asia/Jakarta')).toBe(90);
    expect(paceMinutesPerWeek(0, new Date('2026-06-01T00:00:00Z'), 'Asia/Jakarta')).toBeNull();
  });
});
