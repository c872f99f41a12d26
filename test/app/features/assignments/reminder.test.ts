import { describe, expect, it } from 'vitest';
import { daysUntil, todayWib } from '../../../../src/shared/protocol/assignments';
import { urgencyOf } from '../../../../src/app/features/assignments/reminder';

describe('assignment reminders', () => {
  it.each([
    ['2026-12-10', false, 'later'],
    ['2026-12-08', false, 'week'],
    ['2026-12-02', false, 'tomorrow'],
    ['2026-12-01', false, 'today'],
    ['2026-11-30', false, 'overdue'],
    ['2026-11-30', true, 'done'],
  ] as const)('due %s (done: %s) on 2026-12-01 is %s', (due, done, urgency) => {
    expect(urgencyOf(due, '2026-12-01', done)).toBe(urgency);
  });

  it('counts calendar days across months and reads today in WIB', () => {
    expect(daysUntil('2027-01-01', '2026-12-25')).toBe(7);
    expect(daysUntil('2026-12-24', '2026-12-25')).toBe(-1);
    // 18:00 UTC on 30 November is already 1 December in Jakarta.
    expect(todayWib(new Date('2026-11-30T18:00:00Z'))).toBe('2026-12-01');
    expect(todayWib(new Date('2026-11-30T16:59:00Z'))).toBe('2026-11-30');
  });
});
