import { pickLanguage, type Language } from '../../shared/language';
import {
  DEFAULT_JP_TARGET,
  DEFAULT_TIME_ZONE,
  jpTarget,
  jpYear,
  paceMinutesPerWeek,
  yearTotal,
  type YearTotal,
} from '../../shared/ledger';
import type { HeldCompletion } from '../../shared/protocol';
import type { EmploymentStatus } from '../../shared/roster';
import type { LenteraDb } from './db';
import { COMPLETION_KEY_PREFIX, HELD_KEY_PREFIX } from './completion';
import type { RecordSnapshot } from './stored-shapes';

/**
 * The learner's record on the phone: the JP card's figures from the server's ledger as last
 * pulled (`./record-sync`), plus the completions this phone has not had confirmed yet
 * ("menunggu sinkronisasi") or holds for an admin's review. The counting rules are the server's
 * (`shared/ledger.ts`), in the time zone the server announced.
 */

export interface JpCardItem {
  key: string;
  /** The course's or the external record's id. */
  id: string;
  title: string;
  jp: number;
  /** ISO instant or `YYYY-MM-DD`. */
  date: string;
  kind: 'course' | 'external';
  /** Completed on this phone, not yet confirmed by the server: its records still to send. */
  pending: boolean;
  /** The server has the records but holds the completion for review, or refused it: no JP. */
  held?: HeldStatus;
  /** Its certificate was revoked: the server lists it at 0 JP. */
  revoked?: true;
}

type HeldStatus = HeldCompletion['status'];

export interface JpCardModel {
  year: number;
  total: YearTotal;
  /** What the server confirmed only. */
  confirmedJp: number;
  items: JpCardItem[];
  /** ±minutes a week to reach the target by 31 December; null when reached or no target. */
  paceMinutes: number | null;
  status: EmploymentStatus;
}

interface LocalCompletion {
  courseId: string;
  completedAt: string;
  title: string;
  jp: number;
  held?: HeldStatus;
}

/**
 * The phone's catalog titles in the reader's language, by course id: the server's ledger names
 * a course in Indonesian only, so a known course is named from here.
 */
export async function catalogTitles(db: LenteraDb, language: Language): Promise<Map<string, string>> {
  return new Map((await db.catalog.toArray()).map((course) => [course.id, pickLanguage(course.title, language)]));
}

/**
 * Completions this phone recorded (`completed:<course>:<version>` in meta), with the JP of the
 * version completed, and whether the server holds them (`held:<course>`).
 */
export async function localCompletions(db: LenteraDb, language: Language): Promise<LocalCompletion[]> {
  const entries = await db.meta.where('key').startsWith(COMPLETION_KEY_PREFIX).toArray();
  const held = new Map(
    (await db.meta.where('key').startsWith(HELD_KEY_PREFIX).toArray()).map((entry) => [entry.key, entry.value]),
  );
  const [courses, catalog] = await Promise.all([db.courses.toArray(), db.catalog.toArray()]);
  const seen = new Set<string>();
  const result: LocalCompletion[] = [];
  for (const entry of entries) {
    const [, courseId = '', version = ''] = entry.key.split(':');
    if (seen.has(courseId) || typeof entry.value !== 'string') continue;
    seen.add(courseId);
    const stored = courses.find((course) => course.id === courseId);
    const listed = catalog.find((course) => course.id === courseId);
    const manifest = stored?.version === version ? stored.manifest : undefined;
    const source = manifest ?? stored?.manifest ?? listed;
    if (source === undefined) continue;
    const status = held.get(HELD_KEY_PREFIX + courseId);
    result.push({
      courseId,
      completedAt: entry.value,
      title: pickLanguage(source.title, language),
      jp: source.jp,
      held: status === 'pending' || status === 'refused' ? status : undefined,
    });
  }
  return result;
}

/**
 * The JP card: the server's entries for this year, plus this phone's completions the server
 * has not confirmed (a course counts once: one the server knows is never added again).
 */
export function jpCardModel(
  snapshot: RecordSnapshot | null,
  local: readonly LocalCompletion[],
  status: EmploymentStatus,
  now: Date,
): JpCardModel {
  const timeZone = snapshot?.timeZone ?? DEFAULT_TIME_ZONE;
  const year = jpYear(now, timeZone);
  const target = snapshot !== null ? snapshot.target : jpTarget(status, { pns: DEFAULT_JP_TARGET, pppk: null });
  const confirmed = (snapshot?.entries ?? []).filter((entry) => entry.year === year);
  const known = new Set((snapshot?.entries ?? []).filter((entry) => entry.kind === 'course').map((entry) => entry.id));
  const pending = local.filter(
    (completion) => !known.has(completion.courseId) && jpYear(new Date(completion.completedAt), timeZone) === year,
  );
  const items: JpCardItem[] = [
    ...confirmed.map((entry) => ({
      key: `${entry.kind}:${entry.id}`,
      id: entry.id,
      title: entry.title,
      jp: entry.jp,
      date: entry.completedAt,
      kind: entry.kind,
      pending: false,
      ...(entry.revoked ? { revoked: true as const } : {}),
    })),
    ...pending.map((completion) => ({
      key: `course:${completion.courseId}`,
      id: completion.courseId,
      title: completion.title,
      jp: completion.jp,
      date: completion.completedAt,
      kind: 'course' as const,
      pending: completion.held === undefined,
      held: completion.held,
    })),
  ].sort((a, b) => b.date.localeCompare(a.date));
  // A held completion's JP counts once an admin accepts it, not before.
  const total = yearTotal(
    items.flatMap((item) => (item.held === undefined ? [item.jp] : [])),
    target,
  );
  return {
    year,
    total,
    confirmedJp: confirmed.reduce((sum, entry) => sum + entry.jp, 0),
    items,
    paceMinutes: paceMinutesPerWeek(total.remaining, now, timeZone),
    status: snapshot?.status ?? status,
  };
}

export interface AwaitedCertificate {
  courseId: string;
  title: string;
  /**
   * `plan`: the admin requires the action plan before the certificate and this phone has none
   * for the course; `pending`/`refused`: the completion is held for review, or was refused.
   */
  waitsFor: 'sync' | 'plan' | HeldStatus;
}

/**
 * The completed courses (this phone's, and the server's from any phone) with no certificate
 * here yet, and what each waits for. With `actionPlanRequired` the server issues the
 * certificate only once the learner's action plan for the course has arrived, so a course
 * without a plan on this phone waits for the learner, not for a sync.
 */
export function awaitedCertificates(
  snapshot: RecordSnapshot | null,
  local: readonly LocalCompletion[],
  certified: ReadonlySet<string>,
  planned: ReadonlySet<string>,
  actionPlanRequired: boolean,
): AwaitedCertificate[] {
  const completed = new Map<string, Pick<LocalCompletion, 'title' | 'held'>>();
  for (const entry of snapshot?.entries ?? []) if (entry.kind === 'course') completed.set(entry.id, entry);
  for (const completion of local)
    if (!completed.has(completion.courseId)) completed.set(completion.courseId, completion);
  return [...completed]
    .filter(([courseId]) => !certified.has(courseId))
    .map(([courseId, { title, held }]) => ({
      courseId,
      title,
      // What the learner can do (the plan) first; then the admin's review, or the sync.
      waitsFor: actionPlanRequired && !planned.has(courseId) ? 'plan' : (held ?? 'sync'),
    }));
}
