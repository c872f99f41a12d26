import { describe, expect, it } from 'vitest';
import { CalendarDay, StoredTime } from '../../src/shared/dates';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('days and times from clients', () => {
  it('every YYYY-MM-DD shape is answered, never thrown: only days that exist are taken', () => {
    const taken: string[] = [];
    for (const year of [1, 2024, 2026, 9999])
      for (let month = 0; month <= 19; month++)
        for (let day = 0; day <= 39; day++) {
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
          const parsed = CalendarDay.safeParse(text);
          if (parsed.success) taken.push(text);
          // Any time of that day: the form clients send for a moment.
          expect(() => StoredTime.safeParse(`${text}T12:00:00+07:00`)).not.toThrow();
        }
    const daysIn = (year: number) => (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365);
    expect(taken.length).toBe(daysIn(1) + daysIn(2024) + daysIn(2026) + daysIn(9999));
    expect(taken).toContain('2024-02-29');
    expect(taken).not.toContain('2026-02-29');
  });
});
