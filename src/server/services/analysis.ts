import {
  FEEDBACK_COMMENTS_PAGE,
  type CourseAnalysis,
  type FeedbackCommentsPage,
  type ItemAnalysisRow,
  type L1Band,
} from '../../shared/protocol/analysis';
import type { Question } from '../../shared/schema/bundle';
import { withoutBidiControls } from '../../shared/text';
import { audienceCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import {
  countingAttempts,
  itemFlag,
  itemStatistics,
  reactionSummary,
  summarizeGain,
  type CountedAttempt,
} from './analysis-stats';
import type { ContentCache } from './content-cache';

export interface AnalysisFilter {
  opd?: string | undefined;
  jenisJabatan?: string | undefined;
}

/**
 * One course's analysis over the learners the admin manages (`audience`), optionally narrowed
 * to one OPD and/or jenis jabatan: gain (first pre-test vs first post-test attempt), item
 * statistics of both tests, and the reaction index. Null for a course the server does not have.
 */
export async function courseAnalysis(
  db: Queryable,
  content: ContentCache,
  audience: Audience,
  courseId: string,
  filter: AnalysisFilter,
  bands: readonly L1Band[],
): Promise<CourseAnalysis | null> {
  const versions = (await content.courses(db, [courseId])).get(courseId);
  const manifest = versions?.manifests.get(versions.published ?? '') ?? versions?.manifests.values().next().value;
  if (manifest === undefined) return null;

  const params: unknown[] = [courseId, filter.opd ?? null, filter.jenisJabatan ?? null];
  const inScope = `u.id IS NOT NULL AND ($2::text IS NULL OR u.opd = $2) AND ($3::text IS NULL OR u.jenis_jabatan = $3)
    AND ${audienceCondition(audience, 'u.id', params)}`;
  const [attempts, ratings] = await Promise.all([
    db.query<{ user_id: string; kind: 'pre' | 'post'; scaled: number; items: unknown; finished_at: Date }>(
      `SELECT a.user_id, a.kind, a.server_scaled::float8 AS scaled, a.items, a.finished_at
       FROM quiz_attempts a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.course_id = $1 AND a.kind IN ('pre', 'post') AND ${inScope}`,
      params,
    ),
    db.query<{ item: string; rating: number }>(
      `SELECT f.item, f.rating FROM feedback_ratings f LEFT JOIN users u ON u.id = f.user_id
       WHERE f.course_id = $1 AND ${inScope}`,
      params,
    ),
  ]);

  const counted = (kind: 'pre' | 'post'): Map<string, CountedAttempt> => {
    const rows = attempts
      .filter((row) => row.kind === kind)
      .map((row) => ({
        userId: row.user_id,
        scaled: row.scaled,
        items: itemResults(row.items),
        finishedAt: row.finished_at.toISOString(),
      }));
    return countingAttempts(rows);
  };
  const pre = counted('pre');
  const post = counted('post');
  const scoresOf = (map: Map<string, CountedAttempt>) => new Map([...map].map(([id, row]) => [id, row.scaled]));

  const questions = new Map<string, Question>();
  const items: ItemAnalysisRow[] = [];
  for (const kind of ['pre', 'post'] as const) {
    questions.clear();
    for (const quiz of manifest.quizzes.filter((entry) => entry.kind === kind)) {
      for (const question of (await content.quizDoc(manifest, quiz)).questions) questions.set(question.id, question);
    }
    const stats = itemStatistics([...(kind === 'pre' ? pre : post).values()]);
    // Items in the quiz file's order, then any no longer in the published quiz.
    const order = [...questions.keys(), ...[...stats.keys()].filter((id) => !questions.has(id))];
    for (const questionId of order) {
      const stat = stats.get(questionId);
      if (stat === undefined) continue;
      const question = questions.get(questionId);
      items.push({
        kind,
        ...stat,
        flag: itemFlag(kind, stat.difficulty),
        prompt: question?.prompt ?? null,
        lessonId: question?.lessonId ?? null,
      });
    }
  }

  return {
    courseId,
    title: manifest.title,
    counts: 'first-attempt',
    filter: { opd: filter.opd ?? null, jenisJabatan: filter.jenisJabatan ?? null },
    gain: summarizeGain(scoresOf(pre), scoresOf(post)),
    preScores: [...pre.values()].map((row) => row.scaled),
    postScores: [...post.values()].map((row) => row.scaled),
    items,
    reaction: reactionSummary(ratings, bands),
    generatedAt: new Date().toISOString(),
  };
}

/** `quiz_attempts.items` as stored by the server itself; attempts from before it was kept have none. */
function itemResults(value: unknown): { questionId: string; correct: boolean }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) =>
    typeof entry === 'object' &&
    entry !== null &&
    'questionId' in entry &&
    typeof entry.questionId === 'string' &&
    'correct' in entry &&
    typeof entry.correct === 'boolean'
      ? [{ questionId: entry.questionId, correct: entry.correct }]
      : [],
  );
}

/**
 * Learners' comments (course and lesson evaluations), newest first, a page at a time, of the
 * learners the admin manages; optionally one course. Cut by position after the comment `after`.
 */
export async function listFeedbackComments(
  db: Queryable,
  audience: Audience,
  filter: { courseId?: string | undefined; after?: string | undefined },
  pageSize = FEEDBACK_COMMENTS_PAGE,
): Promise<FeedbackCommentsPage> {
  const params: unknown[] = [filter.courseId ?? null, filter.after ?? null, pageSize + 1];
  const rows = await db.query<{
    statement_id: string;
    course_id: string;
    lesson_id: string | null;
    user_name: string | null;
    nip: string | null;
    opd: string | null;
    comment: string;
    at: Date;
  }>(
    `SELECT c.statement_id, c.course_id, c.lesson_id, u.name AS user_name, u.nip, u.opd, c.comment, c.at
     FROM feedback_comments c LEFT JOIN users u ON u.id = c.user_id
     WHERE ($1::text IS NULL OR c.course_id = $1)
       AND ($2::uuid IS NULL OR (c.at, c.statement_id) < (SELECT b.at, b.statement_id FROM feedback_comments b
         WHERE b.statement_id = $2 AND ${audienceCondition(audience, 'b.user_id', params)}))
       AND ${audienceCondition(audience, 'c.user_id', params)}
     ORDER BY c.at DESC, c.statement_id DESC
     LIMIT $3`,
    params,
  );
  const comments = rows.slice(0, pageSize).map((row) => ({
    id: row.statement_id,
    courseId: row.course_id,
    lessonId: row.lesson_id,
    userName: row.user_name ?? '',
    nip: row.nip ?? '',
    opd: row.opd ?? '',
    // Stored before comments were held to `feedbackCommentProblem`, a comment may hold a bidi override.
    comment: withoutBidiControls(row.comment),
    at: row.at.toISOString(),
  }));
  return { comments, next: rows.length > pageSize ? (comments.at(-1)?.id ?? null) : null };
}
