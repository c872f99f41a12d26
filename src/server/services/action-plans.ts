import {
  behaviourIndex,
  type ActionReportBody,
  type BehaviourAnswer,
  type PlannedAction,
} from '../../shared/records/action-plan';
import type { Manifest } from '../../shared/schema/bundle';
import type { CycleSettings, EvidenceEntry, FollowUpRow, ReviewDue } from '../../shared/protocol/cycle';
import { DEFAULT_CYCLE_SETTINGS, CycleSettings as CycleSettingsSchema } from '../../shared/protocol/cycle';
import { audienceCondition, teamOf, type Audience } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import type { CourseVersions } from './content-cache';
import { reject } from './rejection';
import { defineRecordType } from './records/registry';

/** Indicators any stored version of the course declares: a phone may hold an older version. */
function declaredIndicators(course: CourseVersions): Set<string> {
  return new Set(
    [...course.manifests.values()].flatMap((manifest: Manifest) =>
      (manifest.behaviourIndicators ?? []).map((indicator) => indicator.id),
    ),
  );
}

function undeclared(course: CourseVersions, answers: readonly BehaviourAnswer[]) {
  const declared = declaredIndicators(course);
  const unknown = answers.find((answer) => !declared.has(answer.indicatorId));
  return unknown === undefined
    ? null
    : reject('invalid_record', `The course declares no behaviour indicator ${unknown.indicatorId}`);
}

export const actionPlanType = defineRecordType({
  kind: 'action_plan',
  async validate({ tx, content }, { body }) {
    const course = (await content.courses(tx, [body.courseId])).get(body.courseId);
    return course === undefined ? reject('unknown_course', `No course ${body.courseId}`) : null;
  },
  async store({ tx, userId }, { id, body }) {
    await tx.query(
      'INSERT INTO action_plans (id, user_id, course_id, actions, written_at) VALUES ($1, $2, $3, $4, $5)',
      [id, userId, body.courseId, JSON.stringify(body.actions), body.writtenAt],
    );
  },
});

export const actionReportType = defineRecordType({
  kind: 'action_report',
  async validate({ tx, userId, content }, { body }) {
    const [plan] = await tx.query<{ user_id: string; course_id: string; actions: PlannedAction[] }>(
      'SELECT user_id, course_id, actions FROM action_plans WHERE id = $1',
      [body.planId],
    );
    if (plan === undefined || plan.course_id !== body.courseId) return reject('unknown_post', `No plan ${body.planId}`);
    if (plan.user_id !== userId) return reject('not_allowed', `Plan ${body.planId} is someone else's`);
    const planned = new Set(plan.actions.map((action) => action.id));
    const stray = body.items.find((item) => !planned.has(item.actionId));
    if (stray !== undefined) return reject('invalid_record', `The plan has no action ${stray.actionId}`);
    const course = (await content.courses(tx, [body.courseId])).get(body.courseId);
    if (course === undefined) return reject('unknown_course', `No course ${body.courseId}`);
    return undeclared(course, body.behaviour);
  },
  async store({ tx, userId }, { id, body }) {
    await tx.query(
      `INSERT INTO action_reports (id, user_id, course_id, plan_id, checkpoint, items, behaviour, written_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        userId,
        body.courseId,
        body.planId,
        body.checkpoint,
        JSON.stringify(body.items),
        JSON.stringify(body.behaviour),
        body.writtenAt,
      ],
    );
  },
});

export const behaviourReviewType = defineRecordType({
  kind: 'behaviour_review',
  async validate({ tx, userId, content }, { body }) {
    // Only the learner's atasan (the roster names the writer's NIP as the learner's atasan) answers for them.
    const [link] = await tx.query<{ ok: boolean }>(
      `SELECT (l.atasan_nip = r.nip) AS ok FROM users l, users r WHERE l.id = $1 AND r.id = $2`,
      [body.learnerId, userId],
    );
    if (link?.ok !== true) return reject('not_allowed', `The writer is not the atasan of ${body.learnerId}`);
    const course = (await content.courses(tx, [body.courseId])).get(body.courseId);
    if (course === undefined) return reject('unknown_course', `No course ${body.courseId}`);
    return undeclared(course, body.answers);
  },
  async store({ tx, userId }, { id, body }) {
    await tx.query(
      `INSERT INTO behaviour_reviews (id, reviewer_id, learner_id, course_id, answers, comment, written_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, userId, body.learnerId, body.courseId, JSON.stringify(body.answers), body.comment, body.writtenAt],
    );
  },
});

/**
 * The follow-up report of the learners an admin manages, per course and OPD:
 * - plans: learners with an action plan; actionsDone ÷ actionsPlanned = doneShare, "done"
 *   read from each plan's latest report;
 * - response rates: learners who reported at the last checkpoint, and learners whose atasan
 *   answered, each ÷ learners whose last checkpoint has come;
 * - behaviour index = mean of all answers (1–4) of the group, pooled, ÷ 4 × 100: the learners'
 *   own at the last checkpoint (selfIndex) beside their atasan's (atasanIndex).
 * Per learner and
 * course the current plan is the latest written, the current report of a checkpoint and the
 * current atasan review likewise the latest. `lastCheckpoint` (days) decides whose follow-up
 * is due by `now`.
 */
export async function followUpReport(
  db: Queryable,
  audience: Audience,
  lastCheckpoint: number,
  now: Date,
): Promise<FollowUpRow[]> {
  const params: unknown[] = [];
  const scope = audienceCondition(audience, 'p.user_id', params);
  params.push(lastCheckpoint, now.toISOString());
  const checkpointParam = `$${params.length - 1}`;
  const nowParam = `$${params.length}`;
  const rows = await db.query<{
    course_id: string;
    opd: string | null;
    actions: PlannedAction[];
    items: { actionId: string; status: string }[] | null;
    due: boolean;
    final_behaviour: BehaviourAnswer[] | null;
    review_answers: BehaviourAnswer[] | null;
    review_comment: string | null;
  }>(
    `WITH plans AS (
       SELECT DISTINCT ON (p.user_id, p.course_id) p.id, p.user_id, p.course_id, p.actions, p.written_at
       FROM action_plans p WHERE ${scope}
       ORDER BY p.user_id, p.course_id, p.written_at DESC, p.id DESC
     )
     SELECT p.course_id, u.opd, p.actions,
       (SELECT r.items FROM action_reports r WHERE r.plan_id = p.id ORDER BY r.checkpoint DESC, r.written_at DESC
         LIMIT 1) AS items,
       p.written_at + make_interval(days => ${checkpointParam}::int) <= ${nowParam}::timestamptz AS due,
       (SELECT r.behaviour FROM action_reports r WHERE r.plan_id = p.id AND r.checkpoint >= ${checkpointParam}::int
        ORDER BY r.written_at DESC LIMIT 1) AS final_behaviour,
       b.answers AS review_answers, b.comment AS review_comment
     FROM plans p
     LEFT JOIN users u ON u.id = p.user_id
     LEFT JOIN LATERAL (
       SELECT answers, comment FROM behaviour_reviews b
       WHERE b.learner_id = p.user_id AND b.course_id = p.course_id
       ORDER BY b.written_at DESC LIMIT 1
     ) b ON TRUE
     ORDER BY p.course_id, u.opd`,
    params,
  );
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = JSON.stringify([row.course_id, row.opd ?? '']);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0]!;
    const actionsPlanned = members.reduce((sum, row) => sum + row.actions.length, 0);
    const actionsDone = members.reduce(
      (sum, row) => sum + (row.items ?? []).filter((item) => item.status === 'done').length,
      0,
    );
    const due = members.filter((row) => row.due);
    const selfScores = members.flatMap((row) => (row.final_behaviour ?? []).map((answer) => answer.score));
    const atasanScores = members.flatMap((row) => (row.review_answers ?? []).map((answer) => answer.score));
    const rate = (count: number) => (due.length === 0 ? null : count / due.length);
    return {
      courseId: first.course_id,
      opd: first.opd ?? '',
      plans: members.length,
      actionsPlanned,
      actionsDone,
      doneShare: actionsPlanned === 0 ? null : actionsDone / actionsPlanned,
      selfResponseRate: rate(due.filter((row) => row.final_behaviour !== null).length),
      atasanResponseRate: rate(due.filter((row) => row.review_answers !== null).length),
      selfIndex: behaviourIndex(selfScores),
      atasanIndex: behaviourIndex(atasanScores),
      comments: members.flatMap((row) => (row.review_comment ? [row.review_comment] : [])),
    };
  });
}

const SETTINGS_KEY = 'cycle_settings';

export async function readCycleSettings(db: Queryable): Promise<CycleSettings> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [SETTINGS_KEY]);
  if (row === undefined) return DEFAULT_CYCLE_SETTINGS;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return DEFAULT_CYCLE_SETTINGS;
  }
  const parsed = CycleSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_CYCLE_SETTINGS;
}

export async function saveCycleSettings(db: Queryable, settings: CycleSettings): Promise<void> {
  await db.query(
    `INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [SETTINGS_KEY, JSON.stringify(settings)],
  );
}

/**
 * The questionnaires an atasan owes: for each direct report (the roster's atasan NIP, through
 * `teamOf`) and course, the current plan whose last checkpoint has come, with no review by
 * anyone since it was written. Carries what the atasan's phone needs offline: the plan's
 * actions and the indicators of the published course.
 */
export async function reviewsDue(
  db: Queryable,
  session: Session,
  lastCheckpoint: number,
  now: Date,
): Promise<ReviewDue[]> {
  const params: unknown[] = [];
  const scope = audienceCondition(teamOf(session), 'p.user_id', params);
  params.push(lastCheckpoint, now.toISOString());
  const rows = await db.query<{
    user_id: string;
    name: string;
    opd: string;
    course_id: string;
    actions: PlannedAction[];
    due_at: Date;
    manifest: Manifest | null;
    report_items: ActionReportBody['items'] | null;
  }>(
    `WITH plans AS (
       SELECT DISTINCT ON (p.user_id, p.course_id) p.id, p.user_id, p.course_id, p.actions, p.written_at
       FROM action_plans p WHERE ${scope}
       ORDER BY p.user_id, p.course_id, p.written_at DESC, p.id DESC
     )
     SELECT p.user_id, u.name, u.opd, p.course_id, p.actions,
       p.written_at + make_interval(days => $${params.length - 1}::int) AS due_at, v.manifest,
       (SELECT r.items FROM action_reports r WHERE r.plan_id = p.id
        ORDER BY r.checkpoint DESC, r.written_at DESC LIMIT 1) AS report_items
     FROM plans p
     JOIN users u ON u.id = p.user_id AND u.aktif
     LEFT JOIN courses c ON c.id = p.course_id
     LEFT JOIN course_versions v ON v.course_id = c.id AND v.version = c.published_version
     WHERE p.written_at + make_interval(days => $${params.length - 1}::int) <= $${params.length}::timestamptz
       AND NOT EXISTS (SELECT 1 FROM behaviour_reviews b
                       WHERE b.learner_id = p.user_id AND b.course_id = p.course_id AND b.written_at >= p.written_at)
     ORDER BY due_at, u.name
     LIMIT 200`,
    params,
  );
  return rows.flatMap((row) => {
    const indicators = row.manifest?.behaviourIndicators ?? [];
    if (row.manifest === null || indicators.length === 0) return [];
    return [
      {
        learnerId: row.user_id,
        name: row.name,
        opd: row.opd,
        courseId: row.course_id,
        courseTitle: row.manifest.title,
        dueAt: row.due_at.toISOString(),
        // With the learner's latest report, so the atasan judges with the evidence in view (its photo read online).
        actions: row.actions.map(({ id, what, indicator, targetDate }) => {
          const item = row.report_items?.find((reported) => reported.actionId === id);
          return {
            id,
            what,
            indicator,
            targetDate,
            reported:
              item === undefined
                ? null
                : {
                    status: item.status,
                    evidence: item.evidence,
                    photo: item.photo ? { sha256: item.photo.sha256, type: item.photo.type } : null,
                  },
          };
        }),
        indicators,
      },
    ];
  });
}

const EVIDENCE_SHOWN = 100;

/**
 * The newest follow-up reports that carry evidence (a text or a photo), of the people the
 * admin manages: what the actions were and how each went, so an admin sees the proof behind
 * the "% done" of the report.
 */
export async function latestEvidence(db: Queryable, audience: Audience): Promise<EvidenceEntry[]> {
  const params: unknown[] = [EVIDENCE_SHOWN];
  const rows = await db.query<{
    id: string;
    name: string | null;
    opd: string | null;
    course_id: string;
    checkpoint: number;
    written_at: Date;
    items: ActionReportBody['items'];
    actions: PlannedAction[];
  }>(
    `SELECT r.id, u.name, u.opd, r.course_id, r.checkpoint, r.written_at, r.items, p.actions
     FROM action_reports r JOIN action_plans p ON p.id = r.plan_id LEFT JOIN users u ON u.id = r.user_id
     WHERE ${audienceCondition(audience, 'r.user_id', params)}
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.items) item
                   WHERE item->>'evidence' <> '' OR jsonb_typeof(item->'photo') = 'object')
     ORDER BY r.received_at DESC, r.id LIMIT $1`,
    params,
  );
  return rows.map((row) => ({
    reportId: row.id,
    name: row.name ?? '',
    opd: row.opd ?? '',
    courseId: row.course_id,
    checkpoint: row.checkpoint,
    writtenAt: row.written_at.toISOString(),
    items: row.items.map((item) => ({
      what: row.actions.find((action) => action.id === item.actionId)?.what ?? item.actionId,
      status: item.status,
      evidence: item.evidence,
      photo: item.photo ? { sha256: item.photo.sha256, type: item.photo.type } : null,
    })),
  }));
}
