import { z } from 'zod';
import { LangText } from '../schema/lang';
import { FEEDBACK_ITEMS } from '../xapi/build';
import type { AdminAttemptsPage, CompletionReviewsPage, ConflictsPage } from './index';
import {
  BUNDLE_PROBLEM_CODES,
  SVG_PROBLEM_CODES,
  type AdminCoursesResponse,
  type InvalidBundleDetails,
  type SignedManifest,
  type UploadBundleResponse,
} from './bundles';
import type { CourseReportsResponse } from './reports';
import { AttemptRecordSchema, CourseManifestResponseSchema } from './responses';
import { wireSchema } from './wire-schema';

/** Validators of the server's answers to the admin screens and `npm run upload` (see `./responses`). */

const AdminCourse = z.object({
  id: z.string(),
  title: LangText,
  publishedVersion: z.string().nullable(),
  versions: z.array(
    z.object({
      version: z.string(),
      size: z.number(),
      fileCount: z.number(),
      uploadedAt: z.string(),
      uploadedBy: z.string().nullable(),
      everPublished: z.boolean(),
    }),
  ),
});

export const AdminCoursesResponseSchema = wireSchema<AdminCoursesResponse>()(
  z.object({ courses: z.array(AdminCourse) }),
);

export const UploadBundleResponseSchema = wireSchema<UploadBundleResponse>()(
  z.object({ course: AdminCourse, version: z.string() }),
);

/** A problem code this program does not know (a newer server's) is still a problem to show. */
export const InvalidBundleDetailsSchema = wireSchema<InvalidBundleDetails>()(
  z.object({
    problems: z.array(
      z.object({
        code: z.enum(BUNDLE_PROBLEM_CODES).catch('invalid_manifest'),
        path: z.string().optional(),
        reason: z.enum(SVG_PROBLEM_CODES).optional().catch(undefined),
        message: z.string(),
      }),
    ),
  }),
);

export const SignedManifestSchema = wireSchema<SignedManifest>()(CourseManifestResponseSchema);

export const AdminAttemptsPageSchema = wireSchema<AdminAttemptsPage>()(
  z.object({
    attempts: z.array(
      AttemptRecordSchema.extend({
        userId: z.string(),
        userName: z.string(),
        nip: z.string(),
        unit: z.string(),
        clientScaled: z.number().nullable(),
        grants: z.array(z.object({ extra: z.number(), reason: z.string() })),
        decidable: z.boolean(),
      }),
    ),
    next: z.string().nullable(),
  }),
);

export const ConflictsResponseSchema = wireSchema<ConflictsPage>()(
  z.object({
    next: z.string().nullable(),
    conflicts: z.array(
      z.object({
        statementId: z.string(),
        cursor: z.string(),
        userId: z.string(),
        receivedAt: z.string(),
        stored: z.unknown(),
        received: z.unknown(),
      }),
    ),
  }),
);

const RatingCounts = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]);
const Share = z.number().nullable();

export const CourseReportsResponseSchema = wireSchema<CourseReportsResponse>()(
  z.object({
    courses: z.array(
      z.object({
        courseId: z.string(),
        version: z.string(),
        title: LangText,
        jp: z.number(),
        enrolled: z.number(),
        completed: z.number(),
        postTest: z.object({ attempts: z.number(), passed: z.number(), passRate: Share }),
        preTestAverage: Share,
        postTestAverage: Share,
        averageGain: Share,
        feedback: z.partialRecord(z.enum(FEEDBACK_ITEMS), RatingCounts),
        tooDifficultShare: Share,
        jpCredited: z.number(),
      }),
    ),
    generatedAt: z.string(),
  }),
);

export const CompletionReviewsResponseSchema = wireSchema<CompletionReviewsPage>()(
  z.object({
    reviews: z.array(
      z.object({
        userId: z.string(),
        userName: z.string(),
        nip: z.string(),
        opd: z.string(),
        unit: z.string(),
        courseId: z.string(),
        courseVersion: z.string(),
        completedAt: z.string(),
        jp: z.number(),
        studyMinutes: z.number(),
        requiredMinutes: z.number(),
        refusedAt: z.string().nullable(),
        refusedBy: z.string().nullable(),
      }),
    ),
    next: z.string().nullable(),
  }),
);
