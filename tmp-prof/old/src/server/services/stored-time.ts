import { z } from 'zod';

/**
 * An ISO 8601 time with an offset, normalised to UTC (`…Z`) so both databases parse it alike.
 * Only years 1–9999 (in UTC): PostgreSQL refuses year 0 and the six-digit years `toISOString`
 * writes past 9999, and such a value must be one record's rejection, not the batch's 500.
 */
export const StoredTime = z.iso
  .datetime({ offset: true })
  .transform((time) => new Date(time).toISOString())
  .refine((iso) => /^\d{4}-/.test(iso) && !iso.startsWith('0000-'), 'a time between the years 1 and 9999');
