import { daysUntil } from '../../../shared/protocol/assignments';

/** How urgent an assigned course is today: the in-app reminder (D-7, D-1, on the day, overdue). */
export type Urgency = 'done' | 'overdue' | 'today' | 'tomorrow' | 'week' | 'later';

export function urgencyOf(dueDate: string, today: string, done: boolean): Urgency {
  if (done) return 'done';
  const days = daysUntil(dueDate, today);
  if (days < 0) return 'overdue';
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return days <= 7 ? 'week' : 'later';
}
