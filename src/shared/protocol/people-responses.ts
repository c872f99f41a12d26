import { z } from 'zod';
import { EMPLOYMENT_STATUSES, JENIS_JABATAN } from '../roster';
import { LangText } from '../schema/lang';
import { ROLES } from './index';
import {
  SESSION_END_REASONS,
  type AccountEventsPage,
  type InitialPasswordsResponse,
  type IssuedPassword,
  type OpdCount,
  type PeoplePage,
  type PersonDetail,
  type TeamResponse,
} from './people';
import {
  ROSTER_COLUMNS,
  ROSTER_FILE_CODES,
  ROSTER_ROW_CODES,
  TABLE_FILE_REASONS,
  type RosterFileProblem,
  type RosterImportResult,
} from './roster-import';
import { wireSchema } from './wire-schema';

/** Validators of the server's answers about people (admin screens, the atasan's team view); see `./responses`. */

const PersonCourse = z.object({
  courseId: z.string(),
  title: LangText.nullable(),
  lessonsCompleted: z.number(),
  lessonCount: z.number().nullable(),
  completedAt: z.string().nullable(),
  jp: z.number(),
  lastActivityAt: z.string(),
});

const PersonSummary = z.object({
  id: z.string(),
  nip: z.string(),
  name: z.string(),
  status: z.enum(EMPLOYMENT_STATUSES),
  jabatan: z.string(),
  jenisJabatan: z.enum(JENIS_JABATAN).nullable(),
  golongan: z.string().nullable(),
  unit: z.string(),
  opd: z.string(),
  atasanNip: z.string().nullable(),
  role: z.enum(ROLES),
  aktif: z.boolean(),
  lastSeenAt: z.string().nullable(),
  hasPassword: z.boolean(),
  mustChangePassword: z.boolean(),
});

export const TeamResponseSchema = wireSchema<TeamResponse>()(
  z.object({
    year: z.number(),
    members: z.array(
      z.object({
        id: z.string(),
        nip: z.string(),
        name: z.string(),
        jabatan: z.string(),
        unit: z.string(),
        status: z.enum(EMPLOYMENT_STATUSES),
        aktif: z.boolean(),
        jpTotal: z.number(),
        yearJp: z.number(),
        yearTarget: z.number().nullable(),
        courses: z.array(PersonCourse),
      }),
    ),
    next: z.string().nullable(),
    fetchedAt: z.string(),
  }),
);

export const PeoplePageSchema = wireSchema<PeoplePage>()(
  z.object({ people: z.array(PersonSummary), next: z.string().nullable() }),
);

export const PersonDetailSchema = wireSchema<PersonDetail>()(
  z.object({
    person: PersonSummary,
    courses: z.array(PersonCourse),
    jpTotal: z.number(),
    sessions: z.array(
      z.object({
        id: z.string(),
        createdAt: z.string(),
        lastSeenAt: z.string(),
        expiresAt: z.string(),
        endedAt: z.string().nullable(),
        endedBecause: z.enum(SESSION_END_REASONS).nullable(),
        device: z.string(),
      }),
    ),
  }),
);

export const PersonAnswerSchema = z.object({ person: PersonSummary });

export const IssuedPasswordSchema = wireSchema<IssuedPassword>()(
  z.object({ person: PersonSummary, oneTimePassword: z.string() }),
);

export const InitialPasswordsSchema = wireSchema<InitialPasswordsResponse>()(
  z.object({
    passwords: z.array(
      z.object({
        id: z.string(),
        nip: z.string(),
        name: z.string(),
        unit: z.string(),
        opd: z.string(),
        password: z.string(),
      }),
    ),
    remaining: z.number(),
  }),
);

const AccountRef = z.object({ id: z.string(), nip: z.string(), name: z.string() });

export const AccountEventsPageSchema = wireSchema<AccountEventsPage>()(
  z.object({
    events: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        actor: AccountRef.nullable(),
        action: z.string(),
        target: AccountRef.nullable(),
        opd: z.string(),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
    next: z.string().nullable(),
  }),
);

export const OpdsSchema = wireSchema<{ opds: OpdCount[] }>()(
  z.object({
    opds: z.array(z.object({ opd: z.string(), people: z.number(), active: z.number(), waitingPasswords: z.number() })),
  }),
);

const RosterColumnNameSchema = z.enum(ROSTER_COLUMNS);

export const RosterImportResultSchema = wireSchema<RosterImportResult>()(
  z.object({
    dryRun: z.boolean(),
    rows: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    rejected: z.array(
      z.object({
        row: z.number(),
        nip: z.string(),
        code: z.enum(ROSTER_ROW_CODES),
        field: RosterColumnNameSchema.optional(),
        value: z.string().optional(),
        message: z.string(),
      }),
    ),
    changes: z.array(
      z.object({
        row: z.number(),
        nip: z.string(),
        name: z.string(),
        kind: z.enum(['created', 'updated']),
        fields: z.array(
          z.object({
            field: RosterColumnNameSchema,
            from: z.string().nullable(),
            to: z.string().nullable(),
          }),
        ),
      }),
    ),
    missing: z.array(z.object({ id: z.string(), nip: z.string(), name: z.string(), opd: z.string() })),
    missingCount: z.number(),
    needPasswords: z.array(z.object({ opd: z.string(), count: z.number() })),
  }),
);

export const RosterFileProblemSchema = wireSchema<RosterFileProblem>()(
  z.object({
    code: z.enum(ROSTER_FILE_CODES),
    reason: z.enum(TABLE_FILE_REASONS).optional(),
    message: z.string(),
    columns: z.array(z.string()).optional(),
    limit: z.number().optional(),
    column: z.string().optional(),
    rows: z.number().optional(),
    width: z.number().optional(),
  }),
);
