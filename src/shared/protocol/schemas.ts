import { z } from 'zod';
import { assignmentDueDays, CalendarDay, refuseDayOutside } from '../dates';
import { freeTextProblem } from '../text';
import { EMPLOYMENT_STATUSES, JENIS_JABATAN, normalizeRosterText, ROSTER_TEXT_MAX } from '../roster';
import {
  PASSWORD_MAX_LENGTH,
  ROLES,
  type ChangePasswordRequest as ChangePasswordRequestBody,
  type LoginRequest as LoginRequestBody,
  DEVICE_KEY_PATTERN,
} from './index';
import type { InitialPasswordsRequest as InitialPasswordsRequestBody, PersonInput as PersonInputBody } from './people';
import { ASSIGNMENT_LIMITS, type NewAssignment as NewAssignmentBody } from './assignments';

/** Runtime validators for request bodies, checked by the server before anything else. */
export const LoginRequest: z.ZodType<LoginRequestBody> = z.object({
  // Spaces as printed on documents ("19920721 201903 2 001") are not part of the number.
  nip: z
    .string()
    .max(40)
    .transform((nip) => nip.replace(/\s+/g, '')),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  deviceKey: z.string().regex(DEVICE_KEY_PATTERN).optional(),
});

/** Loose caps at the boundary (the roster rules then check the exact ones, per field). */
const text = (max: number) => z.string().max(max);
const asnNumber = z.string().trim().max(40);

export const ChangePasswordRequest: z.ZodType<ChangePasswordRequestBody> = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict();

export const PersonInput: z.ZodType<PersonInputBody> = z
  .object({
    nip: asnNumber,
    name: text(2 * ROSTER_TEXT_MAX),
    status: z.enum(EMPLOYMENT_STATUSES),
    jabatan: text(2 * ROSTER_TEXT_MAX),
    jenisJabatan: z.enum(JENIS_JABATAN).nullable(),
    golongan: text(40).nullable(),
    unit: text(2 * ROSTER_TEXT_MAX),
    opd: text(2 * ROSTER_TEXT_MAX).refine((value) => value.trim() !== '', 'Every person belongs to an OPD'),
    atasanNip: asnNumber.nullable(),
    role: z.enum(ROLES),
  })
  .strict();

export const InitialPasswordsRequest: z.ZodType<InitialPasswordsRequestBody> = z
  .object({ opd: text(2 * ROSTER_TEXT_MAX).min(1) })
  .strict();

export const NewAssignment: z.ZodType<NewAssignmentBody> = z
  .object({
    courseId: z.string().min(1).max(100),
    // The range is read at each request: it moves with the year.
    dueDate: CalendarDay.superRefine((day, context) => refuseDayOutside(day, assignmentDueDays(), context)),
    target: z
      .object({
        // A blank OPD is refused, never dropped: an empty list means everyone, so dropping "" would
        // widen an assignment meant for one OPD to the whole workforce. Blank as stored (zero-width too).
        opds: z
          .array(
            z
              .string()
              .max(ROSTER_TEXT_MAX)
              .refine((opd) => normalizeRosterText(opd) !== '', 'An OPD is blank'),
          )
          .max(ASSIGNMENT_LIMITS.opds),
        jenisJabatan: z.array(z.enum(JENIS_JABATAN)).max(JENIS_JABATAN.length),
        statuses: z.array(z.enum(EMPLOYMENT_STATUSES)).max(EMPLOYMENT_STATUSES.length),
        nips: z.array(z.string().regex(/^\s*\d[\d\s]{16,30}\s*$/)).max(ASSIGNMENT_LIMITS.nips),
      })
      .strict(),
    note: z
      .string()
      .max(ASSIGNMENT_LIMITS.note)
      .refine((note) => freeTextProblem(note, { optional: true }) === null, 'shows nothing or holds a bidi override')
      .default(''),
  })
  .strict();
