import { CLOCK_SKEW_MS } from '../../shared/dates';
import type { CourseVersions } from './content-cache';
import type { LessonProgressChange } from './progress';
import { reject, type Rejection } from './rejection';
import type { CheckedStatement } from './statement-check';

/**
 * The earliest time a learner's statement or reading progress can honestly carry: nothing is
 * done in Lentera before the learner's account exists, nor with a course version before it was
 * first published (`CourseVersions.firstPublished`), give or take a phone clock behind the
 * server's by up to `CLOCK_SKEW_MS`. The time decides the JP year, the certificate's number and
 * the SIASN export year, so a record dated earlier would put a course uploaded today into 2019:
 * it is refused alone (`before_account_created`, `before_course_published`), never the push.
 *
 * Any later time is fine: a learner offline for weeks sends what they did when they did it, and
 * a course completed offline on 31 December and synced on 2 January counts for the old year.
 * (How far ahead of the server a phone's clock may be is the time checks' own concern.)
 */
export interface EarliestTimes {
  /** When the pushing learner's account was created; null when unknown (nothing to hold against). */
  accountCreatedAt: Date | null;
  courses: ReadonlyMap<string, CourseVersions>;
}

/** The checked statement, or its refusal when it is dated before it could have happened. */
export function statementInTime(
  check: CheckedStatement | Rejection,
  earliest: EarliestTimes,
): CheckedStatement | Rejection {
  if (!check.ok) return check;
  const published = earliest.courses.get(check.courseId)?.firstPublished.get(check.manifest.version) ?? null;
  const problem = tooEarly(
    check.timestamp,
    earliest.accountCreatedAt,
    published,
    `course ${check.courseId} ${check.manifest.version}`,
  );
  return problem ?? check;
}

/**
 * The checked progress record, or its refusal when opened or completed before it could have
 * been. Progress names no version: its lesson exists since the first publication of a version
 * that has it.
 */
export function progressInTime<Checked extends { ok: true; change: LessonProgressChange }>(
  check: Checked | Rejection,
  earliest: EarliestTimes,
): Checked | Rejection {
  if (!check.ok) return check;
  const { courseId, lessonId, openedAt, completedAt } = check.change;
  const course = earliest.courses.get(courseId);
  const published = [...(course?.manifests.values() ?? [])]
    .filter((manifest) => manifest.lessons.some((lesson) => lesson.id === lessonId))
    .map((manifest) => course?.firstPublished.get(manifest.version)?.getTime() ?? Infinity);
  const first = Math.min(...published);
  const earliestAt = completedAt !== null && Date.parse(completedAt) < Date.parse(openedAt) ? completedAt : openedAt;
  const problem = tooEarly(
    earliestAt,
    earliest.accountCreatedAt,
    Number.isFinite(first) ? new Date(first) : null,
    `lesson ${lessonId} of course ${courseId}`,
  );
  return problem ?? check;
}

/** The refusal of a time before the later of the two floors (less the clock skew), else null. */
function tooEarly(
  at: string,
  accountCreatedAt: Date | null,
  published: Date | null,
  subject: string,
): Rejection | null {
  const time = Date.parse(at);
  const accountFloor = accountCreatedAt === null ? -Infinity : accountCreatedAt.getTime() - CLOCK_SKEW_MS;
  const publishedFloor = published === null ? -Infinity : published.getTime() - CLOCK_SKEW_MS;
  if (time >= accountFloor && time >= publishedFloor) return null;
  // Both broken: the later floor is the one to explain.
  if (publishedFloor >= accountFloor)
    return reject(
      'before_course_published',
      `Dated ${at}, but ${subject} was first published at ${iso(published)} (a phone clock may be a day behind)`,
    );
  return reject(
    'before_account_created',
    `Dated ${at}, but this account was created at ${iso(accountCreatedAt)} (a phone clock may be a day behind)`,
  );
}

const iso = (date: Date | null) => date?.toISOString() ?? 'unknown';
