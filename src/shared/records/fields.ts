import { z } from 'zod';
import { isStorableText } from '../text';

/**
 * Field shapes every learner record kind builds its body from. Each string and list has a
 * cap: a record is untrusted input, and the server refuses one over a cap as that record
 * alone (`invalid_record`), never the push it came in.
 */

/** A client-generated id (UUIDv7 from `shared/id`), lowercase so one record never has two spellings. */
export const RecordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** Free text a person typed: within `max` UTF-16 units, storable, and not only blanks. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, 'contains characters that cannot be stored')
    .refine((value) => value.trim().length > 0, 'is empty');

/** Like `text`, but may be empty (a note nobody has to write). */
export const optionalText = (max: number) =>
  z.string().max(max).refine(isStorableText, 'contains characters that cannot be stored');

export { PlannedDay, WrittenAt } from '../dates';

/** The slug shape of course, lesson and prompt ids in bundles. */
export const Key = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(64);
