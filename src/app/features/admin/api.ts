import {
  api,
  completionReviewsApi,
  syncApi,
  type AdminAttemptsPage,
  type CompletionReviewsPage,
  type CompletionReviewStatus,
  type ConflictsPage,
} from '../../../shared/protocol';
import {
  AdminAttemptsPageSchema,
  AdminCoursesResponseSchema,
  CompletionReviewsResponseSchema,
  ConflictsResponseSchema,
  CourseReportsResponseSchema,
  SignedManifestSchema,
} from '../../../shared/protocol/admin-responses';
import { bundleApi, type AdminCoursesResponse, type SignedManifest } from '../../../shared/protocol/bundles';
import {
  analysisApi,
  CourseAnalysisSchema,
  FeedbackCommentsPageSchema,
  type CourseAnalysis,
  type FeedbackCommentsPage,
} from '../../../shared/protocol/analysis';
import { attemptGrantsApi, type AttemptGrantRequestBody } from '../../../shared/protocol/assessment';
import { reportsApi, type CourseReportsResponse } from '../../../shared/protocol/reports';
import { LessonDoc, QuizDoc, type Manifest } from '../../../shared/schema/bundle';
import type { LangText } from '../../../shared/schema/lang';
import { CatalogResponseSchema } from '../../../shared/protocol/responses';
import { RequestError } from '../../data/errors';
import { request, requestJson } from '../../data/http';
import { useSession } from '../../stores/session';

/**
 * The admin's calls to the server, each with the session's token. Publishing is a pointer
 * move on the server (no files change), so publish, rollback and unpublish are instant.
 */
const token = (): string | null => useSession.getState().token;

export function fetchAdminCourses(): Promise<AdminCoursesResponse> {
  return requestJson(bundleApi.adminCourses, AdminCoursesResponseSchema, { token: token() });
}

/**
 * The courses a results or moderation filter offers: the BKPSDM's every course (unpublished ones
 * keep their attempts and posts); an OPD admin, who manages no course, the published catalog.
 */
export function fetchCourseChoices(): Promise<{ courses: readonly { id: string; title: LangText }[] }> {
  if (useSession.getState().user?.role === 'admin') return fetchAdminCourses();
  return requestJson(api.courses, CatalogResponseSchema, { token: token() });
}

/** Publishes `version` of a course; also how an older version is brought back (rollback). */
export async function publishVersion(courseId: string, version: string): Promise<void> {
  await request(bundleApi.publish(courseId), { token: token(), body: { version } });
}

/** Takes a course out of the learners' catalog; its versions stay stored and can be published again. */
export async function unpublishCourse(courseId: string): Promise<void> {
  await request(bundleApi.unpublish(courseId), { token: token(), method: 'POST' });
}

/** Deletes a version that was never published (the server refuses one that was: phones may hold it). */
export async function deleteVersion(courseId: string, version: string): Promise<void> {
  await request(bundleApi.versionManifest(courseId, version), { token: token(), method: 'DELETE' });
}

/** A course's published manifest, as learners get it (any admin may read it, an OPD admin too). */
export function fetchPublishedManifest(courseId: string): Promise<SignedManifest> {
  return requestJson(api.course(courseId), SignedManifestSchema, { token: token() });
}

export function fetchVersionManifest(courseId: string, version: string): Promise<SignedManifest> {
  return requestJson(bundleApi.versionManifest(courseId, version), SignedManifestSchema, { token: token() });
}

/**
 * A file of a bundle version by its path: exactly the bytes phones will download. Quiz files
 * are served to signed-in users only, so the token goes with every request of the preview.
 */
export async function fetchBundleFile(manifest: Manifest, path: string): Promise<Blob> {
  const entry = manifest.files.find((file) => file.path === path);
  if (!entry) throw new RequestError('file_not_found', 404, `${path} is not listed in the manifest`);
  return (await request(api.file(entry.sha256), { token: token() })).blob();
}

// Parsed with the same schemas the phone uses, so the preview fails where a phone would.
export async function fetchLessonDoc(manifest: Manifest, path: string): Promise<LessonDoc> {
  return LessonDoc.parse(JSON.parse(await (await fetchBundleFile(manifest, path)).text()));
}

export async function fetchQuizDoc(manifest: Manifest, path: string): Promise<QuizDoc> {
  return QuizDoc.parse(JSON.parse(await (await fetchBundleFile(manifest, path)).text()));
}

/** One page of attempts, newest first; `after` is the previous page's `next`. */
export async function fetchAttemptsPage(courseId: string | null, after: string | null): Promise<AdminAttemptsPage> {
  const query = new URLSearchParams();
  if (courseId) query.set('courseId', courseId);
  if (after) query.set('after', after);
  const search = query.toString();
  return requestJson(search ? `${syncApi.adminAttempts}?${search}` : syncApi.adminAttempts, AdminAttemptsPageSchema, {
    token: token(),
  });
}

/** One page of conflicts, newest first; `after` is the previous page's `next`. */
export function fetchConflictsPage(after: string | null): Promise<ConflictsPage> {
  const path = after === null ? syncApi.adminConflicts : `${syncApi.adminConflicts}?after=${encodeURIComponent(after)}`;
  return requestJson(path, ConflictsResponseSchema, { token: token() });
}

/** Completions held for implausibly short study, waiting or refused: the first page. */
export function fetchCompletionReviews(status: CompletionReviewStatus): Promise<CompletionReviewsPage> {
  const path = status === 'refused' ? completionReviewsApi.refused : completionReviewsApi.list;
  return requestJson(path, CompletionReviewsResponseSchema, { token: token() });
}

export async function decideCompletionReview(
  userId: string,
  courseId: string,
  decision: 'accept' | 'refuse',
  seen: CompletionReviewStatus,
): Promise<void> {
  await request(completionReviewsApi.decide(userId, courseId, decision, seen), { token: token(), method: 'POST' });
}

export function fetchCourseReports(): Promise<CourseReportsResponse> {
  return requestJson(reportsApi.courses, CourseReportsResponseSchema, { token: token() });
}

/**
 * One course's gain, item analysis and reaction, for the learners this
 * admin manages (optionally one OPD / jenis jabatan).
 */
export function fetchCourseAnalysis(
  courseId: string,
  filter: { opd: string; jenisJabatan: string },
): Promise<CourseAnalysis> {
  const query = new URLSearchParams();
  if (filter.opd) query.set('opd', filter.opd);
  if (filter.jenisJabatan) query.set('jenisJabatan', filter.jenisJabatan);
  const search = query.size > 0 ? `?${query}` : '';
  return requestJson(`${analysisApi.course(courseId)}${search}`, CourseAnalysisSchema, { token: token() });
}

/** One page of comments, newest first; `after` is the previous page's `next`. */
export function fetchCommentsPage(courseId: string, after: string | null): Promise<FeedbackCommentsPage> {
  const query = new URLSearchParams({ courseId });
  if (after !== null) query.set('after', after);
  return requestJson(`${analysisApi.comments}?${query}`, FeedbackCommentsPageSchema, { token: token() });
}

/** Grants a learner extra attempts at a quiz (remedial), with the reason the log keeps. */
export async function grantAttempts(body: AttemptGrantRequestBody): Promise<void> {
  await request(attemptGrantsApi, { token: token(), body });
}
