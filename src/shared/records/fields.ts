import { z } from 'zod';
import { freeTextProblem, isStorableText } from '../text';

/**
 * Field shapes every learner record kind builds its body from. Each string and list has a
 * cap: a record is untrusted input, and the server refuses one over a cap as that record
 * alone (`invalid_record`), never the push it came in.
 */

/** A client-generated id (UUIDv7 from `shared/id`), lowercase so one record never has two spellings. */
export const RecordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const BIDI_MESSAGE = 'contains a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069)';
const BIDI_OR_INVISIBLE_MESSAGE = `shows nothing (only invisible characters), or ${BIDI_MESSAGE}`;

/** Free text a person typed: within `max` UTF-16 units, storable, visible, no bidi override (`freeTextProblem`). */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, 'contains characters that cannot be stored')
    .refine((value) => value.trim().length > 0, 'is empty')
    .refine((value) => freeTextProblem(value) !== 'invisible', 'shows nothing: only invisible characters')
    .refine((value) => freeTextProblem(value) !== 'bidi_control', BIDI_MESSAGE);

/** Like `text`, but may be empty (a note nobody has to write). */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, 'contains characters that cannot be stored')
    .refine((value) => freeTextProblem(value, { optional: true }) === null, BIDI_OR_INVISIBLE_MESSAGE);

export { PlannedDay, WrittenAt } from '../dates';

/** The slug shape of course, lesson and prompt ids in bundles. */
export const Key = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(64);
