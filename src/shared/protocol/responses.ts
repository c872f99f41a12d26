import { z } from 'zod';
import { CompetencyType, Manifest, QUIZ_KINDS } from '../schema/bundle';
import { LangText } from '../schema/lang';
import {
  ERROR_CODES,
  REJECTION_CODES,
  type CatalogResponse,
  type CourseManifestResponse,
  type ProgressPullResponse,
  type SyncPushResponse,
} from './index';
import { wireSchema } from './wire-schema';

/**
 * Validators of the server's answers to the phone, checked as they arrive (`requestJson`):
 * what the rest of the app reads has the shape its type promises, or the answer is refused
 * as unreadable. Objects keep only the fields they name, and `wireSchema` keeps them naming
 * every field of their type. Admin answers are in `./admin-responses` (the admin's chunk); the
 * login answer, read by the first load before zod is there, in `./login-response`.
 */

const CatalogEntrySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: LangText,
  description: LangText,
  jp: z.number(),
  competency: CompetencyType,
  lessonCount: z.number(),
  size: z.number(),
  publishedAt: z.string(),
  // Only a hash: it becomes part of a URL (`api.file`), so nothing else may get through.
  cover: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const CatalogResponseSchema = wireSchema<CatalogResponse>()(z.object({ courses: z.array(CatalogEntrySchema) }));

export const CourseManifestResponseSchema = wireSchema<CourseManifestResponse>()(
  z.object({ manifest: Manifest, signature: z.string() }),
);

/**
 * A code this phone does not know yet (a newer server's) still settles the record as
 * refused; it is shown as a refusal in general rather than stalling the whole queue.
 */
const RefusalCode = z.enum([...new Set([...REJECTION_CODES, ...ERROR_CODES])]).catch('bad_request');

export const SyncPushResponseSchema = wireSchema<SyncPushResponse>()(
  z.object({
    results: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['stored', 'duplicate', 'conflict', 'rejected']),
        code: RefusalCode.optional(),
        reason: z.string().optional(),
      }),
    ),
    serverTime: z.string(),
  }),
);

export const AttemptRecordSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  quizId: z.string(),
  kind: z.enum(QUIZ_KINDS),
  scaled: z.number(),
  passed: z.boolean().nullable(),
  flagged: z.boolean(),
  overLimit: z.boolean(),
  finishedAt: z.string(),
});

export const ProgressPullResponseSchema = wireSchema<ProgressPullResponse>()(
  z.object({
    lessons: z.array(
      z.object({
        courseId: z.string(),
        lessonId: z.string(),
        openedAt: z.string(),
        completedAt: z.string().nullable(),
        position: z.number(),
      }),
    ),
    attempts: z.array(AttemptRecordSchema),
    completions: z.array(
      z.object({ courseId: z.string(), courseVersion: z.string(), completedAt: z.string(), jp: z.number() }),
    ),
    grants: z
      .array(z.object({ courseId: z.string(), quizId: z.string(), extra: z.number().int().min(0).max(1000) }))
      .optional(),
    held: z.array(z.object({ courseId: z.string(), status: z.enum(['pending', 'refused']) })).optional(),
    serverTime: z.string().optional(),
  }),
);
