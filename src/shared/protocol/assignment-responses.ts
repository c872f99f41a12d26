import { z } from 'zod';
import { EMPLOYMENT_STATUSES, JENIS_JABATAN } from '../roster';
import { LangText } from '../schema/lang';
import {
  PERSON_ASSIGNMENT_STATES,
  type AssignmentPeopleResponse,
  type AssignmentsResponse,
  type MyAssignmentsResponse,
} from './assignments';
import { wireSchema } from './wire-schema';

/** Validators of the server's answers about assigned learning (see `./responses`). */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const MyAssignmentsResponseSchema = wireSchema<MyAssignmentsResponse>()(
  z.object({
    assignments: z
      .array(
        z.object({
          id: z.string().max(100),
          courseId: z.string().max(100),
          title: LangText.nullable(),
          dueDate: day,
          note: z.string().max(500),
          done: z.boolean(),
        }),
      )
      .max(1000),
  }),
);

const AssignmentSummary = z.object({
  id: z.string(),
  courseId: z.string(),
  title: LangText.nullable(),
  dueDate: day,
  target: z.object({
    opds: z.array(z.string()),
    jenisJabatan: z.array(z.enum(JENIS_JABATAN)),
    statuses: z.array(z.enum(EMPLOYMENT_STATUSES)),
    nips: z.array(z.string()),
  }),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  assigned: z.number(),
  done: z.number(),
  inProgress: z.number(),
  notStarted: z.number(),
  overdue: z.number(),
});

export const AssignmentsResponseSchema = wireSchema<AssignmentsResponse>()(
  z.object({ assignments: z.array(AssignmentSummary) }),
);

export const AssignmentAnswerSchema = z.object({ assignment: AssignmentSummary });

export const AssignmentPeopleResponseSchema = wireSchema<AssignmentPeopleResponse>()(
  z.object({
    assignment: AssignmentSummary,
    people: z.array(
      z.object({
        nip: z.string(),
        name: z.string(),
        opd: z.string(),
        unit: z.string(),
        state: z.enum(PERSON_ASSIGNMENT_STATES),
        overdue: z.boolean(),
        completedAt: z.string().nullable(),
      }),
    ),
  }),
);
