import { z } from 'zod';
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
import { LearnerRecordResponseSchema, recordApi, type LearnerRecordResponse } from '../../shared/protocol/record';
import type { EmploymentStatus } from '../../shared/roster';
import type { LenteraDb } from './db';
import { request, requestJson } from './http';
import { COMPLETION_KEY_PREFIX } from './progress';

/**
 * The learner's record on the phone: the server's JP ledger and certificates, kept for offline
 * use, and the JP card's figures, which add the completions this phone has not had confirmed
 * yet ("menunggu sinkronisasi"). The counting rules are the server's (`shared/ledger.ts`), in
 * the time zone the server announced.
 */

const SNAPSHOT_KEY = 'record:snapshot';
/** A certificate PDF is a few tens of KB; anything far bigger is not one of ours. */
const PDF_MAX_BYTES = 5 * 1024 * 1024;

export type RecordSnapshot = Omit<LearnerRecordResponse, 'certificates'> & { fetchedAt: string };

const SnapshotSchema = LearnerRecordResponseSchema.omit({ certificates: true }).extend({ fetchedAt: z.string() });

/** The last ledger the server sent, checked as it is read back (IndexedDB holds what an older app wrote too). */
export async function readRecordSnapshot(db: LenteraDb): Promise<RecordSnapshot | null> {
  const parsed = SnapshotSchema.safeParse((await db.meta.get(SNAPSHOT_KEY))?.value);
  return parsed.success ? parsed.data : null;
}

/**
 * Fetches the learner's record and keeps it: the ledger snapshot and every certificate (a PDF
 * already downloaded is kept), then downloads the PDFs still missing. Runs after each sync that
 * succeeded; a failure leaves what the phone had.
 */
export async function refreshRecord(db: LenteraDb, token: string, now: Date = new Date()): Promise<void> {
  const answer = await requestJson(recordApi.mine, LearnerRecordResponseSchema, { token });
  const { certificates, ...ledger } = answer;
  await db.transaction('rw', db.meta, db.certificates, async () => {
    await db.meta.put({ key: SNAPSHOT_KEY, value: { ...ledger, fetchedAt: now.toISOString() } });
    for (const certificate of certificates) {
      const kept = await db.certificates.get(certificate.code);
      await db.certificates.put({ ...certificate, pdf: kept?.pdf ?? null });
    }
  });
  for (const certificate of await db.certificates.filter((stored) => stored.pdf === null).toArray()) {
    const pdf = await downloadPdf(certificate.code, token);
    await db.certificates.update(certificate.code, { pdf });
  }
}

async function downloadPdf(code: string, token: string): Promise<Blob> {
  const response = await request(recordApi.certificatePdf(code), { token, timeoutMs: 60_000 });
  const blob = await response.blob();
  if (blob.size > PDF_MAX_BYTES || response.headers.get('content-type') !== 'application/pdf')
    throw new Error('The certificate PDF answer is not a PDF');
  return new Blob([blob], { type: 'application/pdf' });
}

export interface JpCardItem {
  key: string;
  title: string;
  jp: number;
  /** ISO instant or `YYYY-MM-DD`. */
  date: string;
  kind: 'course' | 'external';
  /** Completed on this phone, not yet confirmed by the server. */
  pending: boolean;
}

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
}

/** Completions this phone recorded (`completed:<course>:<version>` in meta), with the JP of the version completed. */
export async function localCompletions(db: LenteraDb, language: Language): Promise<LocalCompletion[]> {
  const entries = await db.meta.where('key').startsWith(COMPLETION_KEY_PREFIX).toArray();
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
    result.push({ courseId, completedAt: entry.value, title: pickLanguage(source.title, language), jp: source.jp });
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
      title: entry.title,
      jp: entry.jp,
      date: entry.completedAt,
      kind: entry.kind,
      pending: false,
    })),
    ...pending.map((completion) => ({
      key: `course:${completion.courseId}`,
      title: completion.title,
      jp: completion.jp,
      date: completion.completedAt,
      kind: 'course' as const,
      pending: true,
    })),
  ].sort((a, b) => b.date.localeCompare(a.date));
  const total = yearTotal(
    items.map((item) => item.jp),
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
  /** `plan`: the admin requires the action plan before the certificate and this phone has none for the course. */
  waitsFor: 'sync' | 'plan';
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
  const completed = new Map<string, string>();
  for (const entry of snapshot?.entries ?? []) if (entry.kind === 'course') completed.set(entry.id, entry.title);
  for (const completion of local)
    if (!completed.has(completion.courseId)) completed.set(completion.courseId, completion.title);
  return [...completed]
    .filter(([courseId]) => !certified.has(courseId))
    .map(([courseId, title]) => ({
      courseId,
      title,
      waitsFor: actionPlanRequired && !planned.has(courseId) ? 'plan' : 'sync',
    }));
}
