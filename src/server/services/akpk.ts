import { randomUUID } from 'node:crypto';
import type {
  AkpkPeriod,
  AkpkSummary,
  AkpkValidation,
  NeedRow,
  NewPeriod,
  PeriodCompetency,
} from '../../shared/protocol/akpk';
import { BUILT_IN_COMPETENCIES, competencyGap, DEFAULT_REQUIRED_LEVEL } from '../../shared/records/akpk';
import type { SurveyReviewDue } from '../../shared/protocol/cycle';
import { assertMayDecide, audienceCondition, decidedBy, teamOf, type Audience } from '../auth/audience';
import type { Session } from '../auth/tokens';
import { CLOCK_SKEW_MS } from '../../shared/dates';
import type { Queryable } from '../db/db';
import { reject } from './rejection';
import { defineRecordType } from './records/registry';

async function periodCompetencies(tx: Queryable, periodId: string): Promise<Set<string> | null> {
  const [period] = await tx.query<{ competencies: PeriodCompetency[] }>(
    'SELECT competencies FROM akpk_periods WHERE id = $1',
    [periodId],
  );
  return period === undefined ? null : new Set(period.competencies.map((competency) => competency.code));
}

function strayCompetency(known: Set<string>, items: readonly { competencyId: string }[]) {
  const stray = items.find((item) => !known.has(item.competencyId));
  return stray === undefined ? null : reject('invalid_record', `The period has no competency ${stray.competencyId}`);
}

/**
 * Whether an answer falls within its period's dates (UTC days, as `openPeriodFor` serves them):
 * by when the phone wrote it, so an answer written offline while the period was open still
 * counts when it reaches the server after it closed, but never later than the server received
 * it, and a phone's clock may be up to a day (`CLOCK_SKEW_MS`) behind at the period's start.
 */
async function answeredInPeriod(tx: Queryable, periodId: string, writtenAt: string): Promise<boolean> {
  const [row] = await tx.query<{ inside: boolean }>(
    `SELECT (LEAST($2::timestamptz, now())
               >= starts_on::timestamp AT TIME ZONE 'UTC' - $3::int * interval '1 millisecond'
             AND (LEAST($2::timestamptz, now()) AT TIME ZONE 'UTC')::date <= ends_on) AS inside
     FROM akpk_periods WHERE id = $1`,
    [periodId, writtenAt, CLOCK_SKEW_MS],
  );
  return row?.inside === true;
}

export const akpkResponseType = defineRecordType({
  kind: 'akpk_response',
  async validate({ tx }, { body }) {
    const known = await periodCompetencies(tx, body.periodId);
    if (known === null) return reject('unknown_post', `No survey period ${body.periodId}`);
    if (!(await answeredInPeriod(tx, body.periodId, body.writtenAt)))
      return reject('outside_period', `An answer written ${body.writtenAt}, outside survey period ${body.periodId}`);
    return strayCompetency(known, body.items);
  },
  async store({ tx, userId }, { id, body }) {
    await tx.query(
      'INSERT INTO akpk_responses (id, user_id, period_id, items, written_at) VALUES ($1, $2, $3, $4, $5)',
      [id, userId, body.periodId, JSON.stringify(body.items), body.writtenAt],
    );
  },
});

export const akpkReviewType = defineRecordType({
  kind: 'akpk_review',
  async validate({ tx, userId }, { body }) {
    // Only the learner's atasan of record reviews their answers.
    const [link] = await tx.query<{ ok: boolean }>(
      'SELECT (l.atasan_nip = r.nip) AS ok FROM users l, users r WHERE l.id = $1 AND r.id = $2',
      [body.learnerId, userId],
    );
    if (link?.ok !== true) return reject('not_allowed', `The writer is not the atasan of ${body.learnerId}`);
    const known = await periodCompetencies(tx, body.periodId);
    if (known === null) return reject('unknown_post', `No survey period ${body.periodId}`);
    if ((await reviewedAnswer(tx, body)) === null)
      return reject('unknown_post', `No answer ${body.responseId ?? ''} of ${body.learnerId} to review in this period`);
    return strayCompetency(known, body.items);
  },
  async store({ tx, userId }, { id, body }) {
    await tx.query(
      `INSERT INTO akpk_reviews
         (id, reviewer_id, learner_id, period_id, items, approved, note, via, written_at, response_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'atasan', $8, $9)`,
      [
        id,
        userId,
        body.learnerId,
        body.periodId,
        JSON.stringify(body.items),
        body.approved,
        body.note,
        body.writtenAt,
        await reviewedAnswer(tx, body),
      ],
    );
  },
});

/**
 * The answer a review is of: the one it names, if it is the learner's in that period; for
 * phones that name none, the learner's latest answer written before the review was.
 */
async function reviewedAnswer(
  tx: Queryable,
  review: { periodId: string; learnerId: string; responseId?: string | undefined; writtenAt: string },
): Promise<string | null> {
  const [answer] = await tx.query<{ id: string }>(
    `SELECT id FROM akpk_responses
     WHERE user_id = $1 AND period_id = $2 AND ($3::uuid IS NULL AND written_at <= $4::timestamptz OR id = $3::uuid)
     ORDER BY written_at DESC, id DESC LIMIT 1`,
    [review.learnerId, review.periodId, review.responseId ?? null, review.writtenAt],
  );
  return answer?.id ?? null;
}

/**
 * Opens a survey period: the built-in competencies first, then the admin's (imported technical ones, catalog topics).
 */
export async function openPeriod(db: Queryable, adminId: string, period: NewPeriod): Promise<string> {
  // A built-in competency the admin sent carries only the required level they set for it.
  const levels = new Map(period.competencies.map((competency) => [competency.code, competency.requiredLevel]));
  const builtIn: PeriodCompetency[] = BUILT_IN_COMPETENCIES.map((competency) => ({
    ...competency,
    jabatan: null,
    opd: null,
    requiredLevel: levels.get(competency.code) ?? null,
  }));
  const codes = new Set(builtIn.map((competency) => competency.code));
  const added = period.competencies.filter((competency) => !codes.has(competency.code));
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO akpk_periods (year, starts_on, ends_on, competencies, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
    [period.year, period.startsOn, period.endsOn, JSON.stringify([...builtIn, ...added]), adminId],
  );
  if (row === undefined) throw new Error('The new period was not returned');
  return row.id;
}

/**
 * The admin validates the answers of someone without an atasan (the roster names none, or no
 * account has that NIP), with the levels and priorities the admin adjusted. 403 when the
 * validation is not the admin's to make (`assertMayDecide`: their own answers, say); `not_found`
 * when the person is not in the admin's audience, has an atasan, or has not answered;
 * `invalid` when an adjusted competency is not in the period.
 */
export async function validateWithoutAtasan(
  db: Queryable,
  session: Session,
  periodId: string,
  userId: string,
  review: { items: { competencyId: string; selfLevel: number; priority: number }[]; note: string },
): Promise<{ outcome: 'validated' | 'not_found' } | { outcome: 'invalid'; message: string }> {
  await assertMayDecide(db, session, userId, 'Nobody you manage without an atasan answered this period');
  const params: unknown[] = [userId, periodId];
  const scope = audienceCondition(decidedBy(session), 'u.id', params);
  const [eligible] = await db.query<{ id: string }>(
    `SELECT u.id FROM users u
     WHERE u.id = $1 AND ${scope}
       AND (u.atasan_nip IS NULL OR NOT EXISTS (SELECT 1 FROM users a WHERE a.nip = u.atasan_nip AND a.aktif))
       AND EXISTS (SELECT 1 FROM akpk_responses r WHERE r.user_id = u.id AND r.period_id = $2)`,
    params,
  );
  if (eligible === undefined) return { outcome: 'not_found' };
  const known = await periodCompetencies(db, periodId);
  const stray = review.items.find((item) => known?.has(item.competencyId) !== true);
  if (stray !== undefined) return { outcome: 'invalid', message: `The period has no competency ${stray.competencyId}` };
  // Of the answer latest now, the one the admin's list shows.
  await db.query(
    `INSERT INTO akpk_reviews
       (id, reviewer_id, learner_id, period_id, items, approved, note, via, written_at, response_id)
     VALUES ($1, $2, $3, $4, $5, true, $6, 'admin', now(),
             (SELECT r.id FROM akpk_responses r WHERE r.user_id = $3 AND r.period_id = $4
              ORDER BY r.written_at DESC, r.id DESC LIMIT 1))`,
    [randomUUID(), session.userId, userId, periodId, JSON.stringify(review.items), review.note],
  );
  return { outcome: 'validated' };
}

export interface PeriodRow {
  year: number;
  starts_on: string;
  ends_on: string;
  competencies: PeriodCompetency[];
}

interface ResponseItem {
  competencyId: string;
  selfLevel: number;
  requiredLevel: number;
  priority: number;
}

/**
 * The needs of one period per OPD × competency, over the people an admin manages. Per person the
 * latest response counts, with the adjusted level and priority of the latest review of that
 * response laid over it (a later response is unreviewed until reviewed itself); gap = max(0,
 * required − own level); withGap counts gap ≥ 1; meanGap = Σ gap ÷ respondents; priorityScore = Σ
 * gap × priority. Top 10 by priority score; response rate per OPD over its active accounts; who has
 * not answered.
 */
export async function akpkSummary(
  db: Queryable,
  audience: Audience,
  periodId: string,
  opd?: string,
): Promise<AkpkSummary | null> {
  const needs = await collectNeeds(db, audience, periodId, opd);
  if (needs === null) return null;
  const { responseRates, notAnswered } = needs;
  return { rows: needs.rows.map(withoutMethods), top: needs.top.map(withoutMethods), responseRates, notAnswered };
}

const withoutMethods = ({ methods: _methods, ...row }: Need): NeedRow => row;

/** A summary cell with, for the development plan, how many of the people with a gap proposed each learning method. */
export interface Need extends NeedRow {
  methods: Map<string, number>;
}

/** The summary's cells with their method tallies and the period itself (the development plan reads them). */
export async function collectNeeds(
  db: Queryable,
  audience: Audience,
  periodId: string,
  opd: string | undefined,
): Promise<(Omit<AkpkSummary, 'rows' | 'top'> & { rows: Need[]; top: Need[]; period: PeriodRow }) | null> {
  const [period] = await db.query<PeriodRow>(
    'SELECT year, starts_on::text, ends_on::text, competencies FROM akpk_periods WHERE id = $1',
    [periodId],
  );
  if (period === undefined) return null;
  const names = new Map(period.competencies.map((competency) => [competency.code, competency.name]));
  const params: unknown[] = [periodId];
  const scope = audienceCondition(audience, 'u.id', params);
  let opdFilter = 'TRUE';
  if (opd !== undefined && opd !== '') {
    params.push(opd);
    opdFilter = `u.opd = $${params.length}`;
  }
  const people = await db.query<{
    nip: string;
    name: string;
    opd: string;
    items: (ResponseItem & { method: string })[] | null;
    review_items: { competencyId: string; selfLevel: number; priority: number }[] | null;
    approved: boolean | null;
  }>(
    `SELECT u.nip, u.name, u.opd, r.items, v.items AS review_items, v.approved
     FROM users u
     LEFT JOIN LATERAL (SELECT id, items FROM akpk_responses r WHERE r.user_id = u.id AND r.period_id = $1
                        ORDER BY r.written_at DESC, r.id DESC LIMIT 1) r ON TRUE
     LEFT JOIN LATERAL (SELECT items, approved FROM akpk_reviews v WHERE v.response_id = r.id
                        ORDER BY v.written_at DESC, v.id DESC LIMIT 1) v ON TRUE
     WHERE u.aktif AND u.role <> 'admin' AND ${scope} AND ${opdFilter}
     ORDER BY u.opd, u.name`,
    params,
  );

  const cells = new Map<string, Need>();
  const rates = new Map<string, { opd: string; active: number; answered: number; approved: number }>();
  for (const person of people) {
    const rate = rates.get(person.opd) ?? { opd: person.opd, active: 0, answered: 0, approved: 0 };
    rate.active++;
    rates.set(person.opd, rate);
    if (person.items === null) continue;
    rate.answered++;
    if (person.approved === true) rate.approved++;
    const adjusted = new Map((person.review_items ?? []).map((item) => [item.competencyId, item]));
    for (const item of person.items) {
      const review = adjusted.get(item.competencyId);
      const gap = competencyGap(item.requiredLevel, review?.selfLevel ?? item.selfLevel);
      const priority = review?.priority ?? item.priority;
      const key = JSON.stringify([person.opd, item.competencyId]);
      const cell: Need = cells.get(key) ?? {
        opd: person.opd,
        competency: item.competencyId,
        name: names.get(item.competencyId) ?? item.competencyId,
        respondents: 0,
        withGap: 0,
        meanGap: 0,
        priorityScore: 0,
        nips: [],
        methods: new Map(),
      };
      cell.respondents++;
      cell.meanGap += gap; // a sum until the end
      cell.priorityScore += gap * priority;
      if (gap >= 1) {
        cell.withGap++;
        cell.nips.push(person.nip);
        cell.methods.set(item.method, (cell.methods.get(item.method) ?? 0) + 1);
      }
      cells.set(key, cell);
    }
  }
  const rows = [...cells.values()].map((cell) => ({ ...cell, meanGap: cell.meanGap / cell.respondents }));
  const top = [...rows]
    .filter((row) => row.priorityScore > 0)
    .sort(
      (a, b) =>
        b.priorityScore - a.priorityScore || a.opd.localeCompare(b.opd) || a.competency.localeCompare(b.competency),
    )
    .slice(0, 10);
  return {
    period,
    rows,
    top,
    responseRates: [...rates.values()],
    notAnswered: people
      .filter((person) => person.items === null)
      .slice(0, 500)
      .map(({ name, nip, opd }) => ({ name, nip, opd })),
  };
}

/**
 * The survey period open on `today` as one person fills it: the built-in competencies, the
 * catalog topics, and the technical ones meant for their jabatan or OPD, each with the
 * required level pre-filled (the one it states, else the standard of their jenis jabatan).
 */
export async function openPeriodFor(db: Queryable, userId: string, today: string): Promise<AkpkPeriod | null> {
  const [row] = await db.query<{
    id: string;
    year: number;
    starts_on: string;
    ends_on: string;
    competencies: PeriodCompetency[];
    jabatan: string;
    opd: string;
    jenis_jabatan: keyof typeof DEFAULT_REQUIRED_LEVEL | null;
  }>(
    `SELECT p.id, p.year, p.starts_on::text, p.ends_on::text, p.competencies, u.jabatan, u.opd, u.jenis_jabatan
     FROM akpk_periods p, users u
     WHERE u.id = $1 AND p.starts_on <= $2::date AND p.ends_on >= $2::date
     ORDER BY p.created_at DESC LIMIT 1`,
    [userId, today],
  );
  if (row === undefined) return null;
  const standard = row.jenis_jabatan === null ? 1 : DEFAULT_REQUIRED_LEVEL[row.jenis_jabatan];
  return {
    id: row.id,
    year: row.year,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    competencies: row.competencies
      .filter(
        (competency) =>
          (competency.jabatan === null || competency.jabatan === row.jabatan) &&
          (competency.opd === null || competency.opd === row.opd),
      )
      .map((competency) => ({ ...competency, requiredLevel: competency.requiredLevel ?? standard })),
  };
}

/**
 * The survey answers an atasan has to review: each direct report's (through `teamOf`) latest
 * response in a period open today that no review is of. Carries what the atasan's
 * phone needs offline, competency names included.
 */
export async function surveyReviewsDue(db: Queryable, session: Session, today: string): Promise<SurveyReviewDue[]> {
  const params: unknown[] = [today];
  const scope = audienceCondition(teamOf(session), 'u.id', params);
  const rows = await db.query<{
    user_id: string;
    name: string;
    opd: string;
    period_id: string;
    response_id: string;
    written_at: Date;
    items: (ResponseItem & { method: string; note: string })[];
    competencies: PeriodCompetency[];
  }>(
    `SELECT u.id AS user_id, u.name, u.opd, p.id AS period_id, r.id AS response_id, r.written_at, r.items,
            p.competencies
     FROM akpk_periods p
     JOIN LATERAL (SELECT DISTINCT ON (r.user_id) r.id, r.user_id, r.items, r.written_at FROM akpk_responses r
                   WHERE r.period_id = p.id ORDER BY r.user_id, r.written_at DESC, r.id DESC) r ON TRUE
     JOIN users u ON u.id = r.user_id AND u.aktif
     WHERE p.starts_on <= $1::date AND p.ends_on >= $1::date AND ${scope}
       AND NOT EXISTS (SELECT 1 FROM akpk_reviews v WHERE v.response_id = r.id)
     ORDER BY r.written_at LIMIT 200`,
    params,
  );
  return rows.map((row) => {
    const names = new Map(row.competencies.map((competency) => [competency.code, competency.name]));
    return {
      learnerId: row.user_id,
      name: row.name,
      opd: row.opd,
      periodId: row.period_id,
      responseId: row.response_id,
      answeredAt: row.written_at.toISOString(),
      items: row.items.map((item) => ({
        competencyId: item.competencyId,
        name: names.get(item.competencyId) ?? item.competencyId,
        selfLevel: item.selfLevel,
        requiredLevel: item.requiredLevel,
        priority: item.priority,
        method: item.method,
        note: item.note,
      })),
    };
  });
}

/** The latest survey periods, for the admin's period picker. */
export async function listPeriods(db: Queryable): Promise<AkpkPeriod[]> {
  const rows = await db.query<PeriodRow & { id: string }>(
    `SELECT id, year, starts_on::text, ends_on::text, competencies FROM akpk_periods
     ORDER BY year DESC, created_at DESC LIMIT 50`,
  );
  return rows.map((row) => ({
    id: row.id,
    year: row.year,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    competencies: row.competencies,
  }));
}

/**
 * The people the admin validates: in their audience (`decidedBy`: never the admin themself),
 * without an atasan (none named, or no active account has that NIP), who answered the period;
 * with their latest answer and every validation written so far (who and when). Unvalidated first.
 */
export async function validationsDue(db: Queryable, audience: Audience, periodId: string): Promise<AkpkValidation[]> {
  const params: unknown[] = [periodId];
  const scope = audienceCondition(audience, 'u.id', params);
  const rows = await db.query<{
    user_id: string;
    name: string;
    nip: string;
    opd: string;
    written_at: Date;
    items: ResponseItem[];
    competencies: PeriodCompetency[];
    validations: { by: string; at: string; via: 'atasan' | 'admin' }[];
    validated: boolean;
  }>(
    `SELECT u.id AS user_id, u.name, u.nip, u.opd, r.written_at, r.items, p.competencies,
            COALESCE((SELECT json_agg(json_build_object('by', COALESCE(a.name, '?'), 'at', v.written_at, 'via', v.via)
                                      ORDER BY v.written_at DESC)
                      FROM akpk_reviews v LEFT JOIN users a ON a.id = v.reviewer_id
                      WHERE v.learner_id = u.id AND v.period_id = p.id), '[]'::json) AS validations,
            EXISTS (SELECT 1 FROM akpk_reviews v WHERE v.response_id = r.id) AS validated
     FROM akpk_periods p
     JOIN LATERAL (SELECT DISTINCT ON (r.user_id) r.id, r.user_id, r.items, r.written_at FROM akpk_responses r
                   WHERE r.period_id = p.id ORDER BY r.user_id, r.written_at DESC, r.id DESC) r ON TRUE
     JOIN users u ON u.id = r.user_id AND u.aktif
     WHERE p.id = $1 AND ${scope}
       AND (u.atasan_nip IS NULL OR NOT EXISTS (SELECT 1 FROM users a WHERE a.nip = u.atasan_nip AND a.aktif))
     ORDER BY u.opd, u.name LIMIT 500`,
    params,
  );
  const people = rows.map((row) => {
    const names = new Map(row.competencies.map((competency) => [competency.code, competency.name]));
    const answeredAt = row.written_at.toISOString();
    const validations = row.validations.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }));
    return {
      userId: row.user_id,
      name: row.name,
      nip: row.nip,
      opd: row.opd,
      answeredAt,
      items: row.items.map((item) => ({
        competencyId: item.competencyId,
        name: names.get(item.competencyId) ?? item.competencyId,
        selfLevel: item.selfLevel,
        requiredLevel: item.requiredLevel,
        priority: item.priority,
      })),
      validations,
      // Of the latest answer itself: a validation of an earlier one does not carry over.
      validated: row.validated,
    };
  });
  return people.sort((a, b) => Number(a.validated) - Number(b.validated));
}
