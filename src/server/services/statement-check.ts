import xapiValidation from '@learninglocker/xapi-validation';
import { z } from 'zod';
import { canonicalJson } from '../../shared/canonical-json';
import { jsonShapeProblem, STATEMENT_SHAPE } from '../../shared/json-shape';
import type { Manifest, QuizEntry } from '../../shared/schema/bundle';
import type { Answers } from '../../shared/scoring/score';
import {
  FEEDBACK_COMMENT_LIMIT,
  feedbackCommentProblem,
  type FeedbackCommentProblem,
} from '../../shared/feedback-comment';
import { isStorableJson } from '../../shared/text';
import { FEEDBACK_ITEMS, type FeedbackItem } from '../../shared/xapi/build';
import { parseActivityId } from '../../shared/xapi/activity-id';
import { EXTENSIONS, VERBS } from '../../shared/xapi/statement';
import type { CourseVersions } from './content-cache';
import { studyMs } from './plausibility';
import { issuesReason, reject, type Rejection } from './rejection';
import { isCertainlyValidStatement } from './statement-fast-check';
import { implausibleTime, StoredTime } from '../../shared/dates';

/** The learner record a statement feeds; `record` is kept as a statement only. */
export type Derivation =
  | {
      kind: 'attempt';
      quiz: QuizEntry;
      answers: Answers;
      /** The question ids the attempt asked, in the order shown; null from phones that predate pools. */
      asked: string[] | null;
      claimedScaled: number | null;
      claimedPassed: boolean | null;
    }
  /** One question's answer within an attempt: kept as a statement only, once the quiz is known to ask it. */
  | { kind: 'answer'; quiz: QuizEntry; questionId: string }
  | { kind: 'lesson'; lessonId: string }
  | { kind: 'rating'; feedbackId: string; lessonId: string | null; item: FeedbackItem; rating: number }
  | { kind: 'comment'; feedbackId: string; lessonId: string | null; comment: string }
  | { kind: 'record' };

export interface CheckedStatement {
  ok: true;
  /** Lowercase: xAPI ids are UUIDs, and `A…` and `a…` name the same statement. */
  id: string;
  verb: string;
  activityId: string;
  courseId: string;
  manifest: Manifest;
  /** UTC ISO (`StoredTime`). */
  timestamp: string;
  /** Time on task the statement claims (`result.duration`), capped; null without one. */
  studyMs: number | null;
  derivation: Derivation;
  /** The statement as sent, in canonical JSON (`canonicalJson`): the text measured and hashed. */
  json: string;
}

type XapiWarning = { path: string[]; typeName?: string };
// A CommonJS module with `exports.default`: Node's ESM loader hands over the exports object,
// vitest's bundler unwraps it to the function.
export const validateXapi = (
  typeof xapiValidation === 'function' ? xapiValidation : (xapiValidation as { default: unknown }).default
) as (data: unknown) => XapiWarning[];

/** The fields the server reads, on top of the xAPI validity the validator has checked. */
export const LenteraStatement = z.object({
  id: z.string(),
  verb: z.object({ id: z.string() }),
  object: z.object({ objectType: z.literal('Activity').optional(), id: z.string() }),
  result: z
    .object({
      score: z.object({ scaled: z.number().min(-1).max(1).optional() }).optional(),
      success: z.boolean().optional(),
      response: z.string().optional(),
      duration: z.string().optional(),
      extensions: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  context: z
    .object({ registration: z.string().optional(), extensions: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  // xAPI lets the LRS fill in a missing timestamp; ours always comes from the phone, which knows when it happened.
  timestamp: StoredTime,
});
export type LenteraStatement = z.infer<typeof LenteraStatement>;
type Activity = NonNullable<ReturnType<typeof parseActivityId>>;

/**
 * Parsed activity ids: a push names the same few dozen activities (a quiz's questions, a
 * course's lessons) hundreds of times. Bounded: cleared when full, so odd ids cannot grow it.
 */
const parsedActivities = new Map<string, Activity | null>();
const MAX_PARSED_ACTIVITIES = 10_000;

/** `parseActivityId`, except that a malformed escape (`%E0%A4%A`) is "not ours" instead of a thrown URIError. */
export function parseActivity(id: string): Activity | null {
  const known = parsedActivities.get(id);
  if (known !== undefined) return known === null ? null : { ...known };
  let parsed: Activity | null;
  try {
    parsed = parseActivityId(id);
  } catch {
    parsed = null;
  }
  if (parsedActivities.size >= MAX_PARSED_ACTIVITIES) parsedActivities.clear();
  parsedActivities.set(id, parsed);
  return parsed === null ? null : { ...parsed };
}

/**
 * The largest statement kept: Lentera's largest (a post-test attempt with its answers) is a
 * few KiB. Bounds what one record costs in the table and on the admin's conflict page.
 */
export const MAX_STATEMENT_CHARS = 64 * 1024;

const AnswersSchema = z.record(z.string(), z.array(z.string()));
/** Question ids are at most 64 characters (`Question`); a quiz file holds far fewer than 1000. */
const AskedSchema = z.array(z.string().max(64)).max(1000);
const VERB_NAMES = new Map<string, keyof typeof VERBS>(
  Object.entries(VERBS).map(([name, verb]) => [verb.id, name as keyof typeof VERBS]),
);
const LIKERT = /^[1-5]$/;
const FEEDBACK_ITEM_NAMES = new Map<string, FeedbackItem>(FEEDBACK_ITEMS.map((item) => [item, item]));
const COMMENT_PROBLEMS: Record<FeedbackCommentProblem, string> = {
  too_long: `The comment (result.response) is longer than ${FEEDBACK_COMMENT_LIMIT} characters`,
  invisible: 'The comment (result.response) shows nothing: blanks or invisible characters only',
  bidi_control:
    'The comment (result.response) contains a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069)',
};

/**
 * Whether one pushed statement can be stored, and what the server derives from it. Pure:
 * the course content it needs is looked up beforehand, so checking a batch costs no I/O.
 * Whatever goes wrong while checking one statement is that statement's rejection: a throw
 * would answer the whole push 500, which the phone retries, stalling the learner's queue.
 */
export function checkStatement(
  raw: unknown,
  courses: ReadonlyMap<string, CourseVersions>,
): CheckedStatement | Rejection {
  try {
    return checkOrThrow(raw, courses);
  } catch (error) {
    return reject('invalid_statement', `The statement could not be checked (${String(error).slice(0, 200)})`);
  }
}

function checkOrThrow(raw: unknown, courses: ReadonlyMap<string, CourseVersions>): CheckedStatement | Rejection {
  // Before the validator, zod and hashing, which all recurse: a deep statement is this record's problem only.
  const shape = jsonShapeProblem(raw, STATEMENT_SHAPE);
  if (shape !== null) return reject('record_too_large', `${shape.path}: ${shape.message}`);
  // Serialised once for both: the same text is measured here and hashed (`toStatementRow`).
  const json = canonicalJson(raw);
  if (json.length > MAX_STATEMENT_CHARS)
    return reject('record_too_large', `${json.length} characters of JSON (at most ${MAX_STATEMENT_CHARS})`);
  const valid = validStatement(raw);
  if (!valid.ok) return valid;
  if (!isStorableJson(json))
    return reject('invalid_statement', 'The statement contains a NUL character or broken Unicode');
  const { statement } = valid;
  // The time decides the completion date, the JP year and the certificate's number: one from
  // a phone whose clock reset to 1970, or is years ahead, is this statement's refusal alone.
  const badTime = implausibleTime(statement.timestamp);
  if (badTime !== null) return reject('implausible_time', `timestamp ${statement.timestamp}: ${badTime}`);

  const verb = VERB_NAMES.get(statement.verb.id);
  if (verb === undefined) return reject('unsupported_verb', `Lentera does not record the verb ${statement.verb.id}`);
  const activity = parseActivity(statement.object.id);
  if (activity === null) return reject('unknown_activity', `${statement.object.id} is not a Lentera activity`);
  const course = courses.get(activity.courseId);
  if (course === undefined) return reject('unknown_course', `No course "${activity.courseId}" on this server`);
  const version = statement.context?.extensions?.[EXTENSIONS.courseVersion];
  if (typeof version !== 'string') return reject('invalid_statement', 'context.extensions names no course version');
  const manifest = course.manifests.get(version);
  if (manifest === undefined)
    return reject('unknown_course_version', `Course "${activity.courseId}" has no published version ${version}`);

  const derivation = deriveFrom(verb, activity, statement, manifest);
  if (!derivation.ok) return derivation;
  return {
    ok: true,
    id: statement.id.toLowerCase(),
    verb: statement.verb.id,
    activityId: statement.object.id,
    courseId: activity.courseId,
    manifest,
    timestamp: statement.timestamp,
    studyMs: studyMs(statement.result?.duration),
    derivation: derivation.value,
    json,
  };
}

/**
 * The statement as the server reads it. What the phone's own builders produce passes the
 * compiled fast check (`isCertainlyValidStatement`, whose timestamp is already UTC ISO);
 * anything else goes through the full xAPI validator and the field schema, which explain a refusal.
 */
function validStatement(raw: unknown): { ok: true; statement: LenteraStatement } | Rejection {
  if (isCertainlyValidStatement(raw)) return { ok: true, statement: raw as LenteraStatement };
  const objectType = unknownObjectType(raw);
  if (objectType !== null) return reject('invalid_statement', `${objectType.path}: not an xAPI objectType`);
  const warnings = validateXapi(raw);
  if (warnings.length > 0)
    return reject(
      'invalid_statement',
      `Not a valid xAPI statement: ${warnings.slice(0, 3).map(describeWarning).join('; ')}`,
    );
  const parsed = LenteraStatement.safeParse(raw);
  if (!parsed.success) return reject('invalid_statement', issuesReason(parsed.error));
  return { ok: true, statement: parsed.data };
}

/**
 * xAPI's object types. The full validator looks a type up as a plain property
 * (`rules[data.objectType]`), so `constructor`, `toString` or `__proto__` would find one of
 * Object.prototype's members and throw: any other value is refused before the validator runs.
 */
const OBJECT_TYPES = new Set(['Activity', 'Agent', 'Group', 'SubStatement', 'StatementRef']);

/** The first `objectType` in the statement (outside extensions, which are opaque data) that is not one of xAPI's. */
function unknownObjectType(value: unknown, path = 'statement'): { path: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unknownObjectType(item, `${path}.${index}`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === 'objectType') {
      if (item !== undefined && item !== null && !(typeof item === 'string' && OBJECT_TYPES.has(item)))
        return { path: `${path}.objectType` };
    } else if (key !== 'extensions') {
      const found = unknownObjectType(item, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

type Derived = { ok: true; value: Derivation } | Rejection;
const derived = (value: Derivation): Derived => ({ ok: true, value });

/** Which verb goes with which kind of activity, and what each pairing feeds. */
function deriveFrom(
  verb: keyof typeof VERBS,
  activity: Activity,
  statement: LenteraStatement,
  manifest: Manifest,
): Derived {
  const { lessonId, quizId, questionId, feedbackItem } = activity;
  if (lessonId !== undefined && !manifest.lessons.some((lesson) => lesson.id === lessonId)) {
    return reject('unknown_lesson', `Course ${manifest.id} ${manifest.version} has no lesson "${lessonId}"`);
  }
  const quiz = quizId === undefined ? undefined : manifest.quizzes.find((entry) => entry.id === quizId);
  if (quizId !== undefined && quiz === undefined)
    return reject('unknown_quiz', `Course ${manifest.id} ${manifest.version} has no quiz "${quizId}"`);
  const isQuiz = quiz !== undefined && questionId === undefined;
  const isSubject = quizId === undefined && feedbackItem === undefined; // the course or one of its lessons
  const feedbackId = statement.context?.registration?.toLowerCase();

  switch (verb) {
    case 'passed':
    case 'failed':
      if (!isQuiz) return reject('invalid_statement', `${verb} is said of a quiz`);
      return attemptFrom(verb, quiz, statement);
    case 'experienced':
      if (lessonId === undefined || !isSubject) return reject('invalid_statement', 'experienced is said of a lesson');
      return derived({ kind: 'lesson', lessonId });
    case 'answered': {
      if (quiz !== undefined && questionId !== undefined) return derived({ kind: 'answer', quiz, questionId });
      if (feedbackItem === undefined || quizId !== undefined)
        return reject('invalid_statement', 'answered is said of a quiz question or a feedback item');
      if (feedbackId === undefined)
        return reject('invalid_statement', 'a rating needs context.registration (the feedback id)');
      const response = statement.result?.response ?? '';
      if (!LIKERT.test(response)) return reject('invalid_rating', `A rating is 1 to 5, not "${response.slice(0, 20)}"`);
      // The item names a column of the admin's report: only the items the app asks about exist.
      const item = FEEDBACK_ITEM_NAMES.get(feedbackItem);
      const named = statement.context?.extensions?.[EXTENSIONS.feedbackItem];
      if (item === undefined || (named !== undefined && named !== item))
        return reject('unknown_feedback_item', `Lentera asks no feedback item "${feedbackItem.slice(0, 40)}"`);
      return derived({ kind: 'rating', feedbackId, lessonId: lessonId ?? null, item, rating: Number(response) });
    }
    case 'commented': {
      if (!isSubject) return reject('invalid_statement', 'commented is said of a course or a lesson');
      if (feedbackId === undefined)
        return reject('invalid_statement', 'a comment needs context.registration (the feedback id)');
      const comment = statement.result?.response?.trim() ?? '';
      // Checked here, after either path's xAPI check (`validStatement`): the fast path and the
      // full validator judge xAPI validity only, so both hold a comment to the same rule.
      const problem = feedbackCommentProblem(comment);
      if (problem !== null) return reject('invalid_comment', COMMENT_PROBLEMS[problem]);
      return derived({ kind: 'comment', feedbackId, lessonId: lessonId ?? null, comment });
    }
    case 'completed':
      // A quiz without a pass mark (a pre-test) is completed with a score, neither passed nor failed.
      if (isQuiz) return attemptFrom(verb, quiz, statement);
      // Stored for other LRS readers only: completion and JP are the server's own derivation.
      if (!isSubject || lessonId !== undefined) return reject('invalid_statement', 'completed is said of a course');
      return derived({ kind: 'record' });
  }
}

/** A finished attempt: the answers and the questions asked, re-scored later against the server's quiz. */
function attemptFrom(verb: 'passed' | 'failed' | 'completed', quiz: QuizEntry, statement: LenteraStatement): Derived {
  const answers = AnswersSchema.safeParse(statement.result?.extensions?.[EXTENSIONS.answers]);
  if (!answers.success) return reject('invalid_statement', 'result.extensions carries no answers to score');
  const askedValue = statement.result?.extensions?.[EXTENSIONS.questions];
  const asked = askedValue === undefined ? null : AskedSchema.safeParse(askedValue);
  if (asked !== null && !asked.success)
    return reject('invalid_draw', 'result.extensions names the questions asked, but not as a list of question ids');
  // Compared with the server's score to 4 decimals, so kept to 4: 5e-324 is 0, not a column's underflow.
  const scaled = statement.result?.score?.scaled;
  return derived({
    kind: 'attempt',
    quiz,
    answers: answers.data,
    asked: asked === null ? null : asked.data,
    claimedScaled: scaled === undefined ? null : Math.round(scaled * 10_000) / 10_000 || 0,
    claimedPassed: statement.result?.success ?? (verb === 'completed' ? null : verb === 'passed'),
  });
}

function describeWarning(warning: XapiWarning): string {
  const name = (warning as object).constructor.name.replace(/Warning$/, '');
  return `${warning.path.join('.')} ${name}${warning.typeName === undefined ? '' : ` (expected ${warning.typeName})`}`;
}
