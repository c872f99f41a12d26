import {
  CertificatePayload,
  newCertificateCode,
  publicSummary,
  type CertificateVerification,
  type SignedCertificate,
} from '../../shared/certificate';
import { canonicalJson } from '../../shared/canonical-json';
import { implausibleTime } from '../../shared/dates';
import { isoDateIn, jpYear } from '../../shared/ledger';
import type { Queryable } from '../db/db';
import { readCycleSettings } from './action-plans';
import { lockLearner } from './learner-lock';
import { defaultKodeKursus, formatCertificateNumber, type RecordSettings } from './record-settings';
import type { ManifestSigner } from './signing';

export interface CertificateDeps {
  signer: Pick<ManifestSigner, 'signCertificate' | 'publicKey'>;
  settings: RecordSettings;
}

const IN_COURSES = 'course_id IN (SELECT jsonb_array_elements_text($2::jsonb))';

/**
 * Issues the certificates now due for these courses of one learner: a completion the server
 * recorded and no certificate yet; when the settings ask, also the course evaluation given
 * (`requireEvaluation`) and the learner's action plan for the course received
 * (`actionPlanRequired`, issue 14.3). The JP count at completion regardless: only the
 * certificate waits, and is issued by the push (or admin decision) that brings what it waited on.
 * Runs in the ingest transaction, after `deriveCompletions` and the learner records, under
 * the learner's lock, so a completion and its certificate are committed together or not at all.
 *
 * The number's sequence is one upsert on the year's counter row: the row lock makes
 * concurrent issues (other learners, other servers on the same PostgreSQL) wait their turn,
 * so no two certificates ever get the same number, and a rollback returns the number unused.
 */
export async function issueDueCertificates(
  tx: Queryable,
  deps: CertificateDeps,
  userId: string,
  courseIds: ReadonlySet<string>,
): Promise<void> {
  if (courseIds.size === 0) return;
  const ids = JSON.stringify([...courseIds]);
  const evaluated = deps.settings.requireEvaluation
    ? `AND EXISTS (SELECT 1 FROM feedback_ratings f WHERE f.user_id = c.user_id AND f.course_id = c.course_id
         AND f.lesson_id IS NULL)`
    : '';
  const planned = (await readCycleSettings(tx)).actionPlanRequired
    ? `AND EXISTS (SELECT 1 FROM action_plans a WHERE a.user_id = c.user_id AND a.course_id = c.course_id)`
    : '';
  const due = await tx.query<{
    course_id: string;
    completed_at: Date;
    jp: number;
    title: string | null;
    kode_kursus: string | null;
    started_at: Date | null;
    best_post: number | null;
  }>(
    `SELECT c.course_id, c.completed_at, c.jp::float8 AS jp, v.manifest->'title'->>'id' AS title, s.kode_kursus,
       (SELECT min(p.opened_at) FROM lesson_progress p WHERE p.user_id = c.user_id
         AND p.course_id = c.course_id) AS started_at,
       (SELECT max(q.server_scaled)::float8 FROM quiz_attempts q
        WHERE q.user_id = c.user_id AND q.course_id = c.course_id AND q.kind = 'post' AND q.passed) AS best_post
     FROM course_completions c
     LEFT JOIN course_versions v ON v.course_id = c.course_id AND v.version = c.course_version
     LEFT JOIN course_record_settings s ON s.course_id = c.course_id
     WHERE c.user_id = $1 AND c.${IN_COURSES}
       AND NOT EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = c.user_id
         AND k.course_id = c.course_id) ${evaluated} ${planned}
     ORDER BY c.completed_at, c.course_id`,
    [userId, ids],
  );
  if (due.length === 0) return;
  const [holder] = await tx.query<{
    nip: string;
    name: string;
    golongan: string | null;
    jabatan: string;
    unit: string;
    opd: string;
  }>('SELECT nip, name, golongan, jabatan, unit, opd FROM users WHERE id = $1', [userId]);
  // A deleted account's late records still count as learning, but there is nobody to certify.
  if (holder === undefined) return;

  const { settings } = deps;
  const today = isoDateIn(new Date(), settings.timeZone);
  for (const row of due) {
    // Stored before statement times were bounded (a phone's clock at 1970 or 9999): its year has
    // no counter (a 500 on every push) or no report. It stays uncertified instead; the admin sees
    // the completion, and accepting a held one of such a date is refused (`decideCompletionReview`).
    if (implausibleTime(row.completed_at) !== null) continue;
    const year = jpYear(row.completed_at, settings.timeZone);
    const [counter] = await tx.query<{ last_seq: number }>(
      `INSERT INTO certificate_counters (year, last_seq) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = certificate_counters.last_seq + 1 RETURNING last_seq`,
      [year],
    );
    if (counter === undefined) throw new Error('The certificate counter returned no row');
    const payload = CertificatePayload.parse({
      v: 1,
      kode: newCertificateCode(),
      nomor: formatCertificateNumber(settings.numberFormat, {
        kodeInstansi: settings.kodeInstansi,
        kodeKursus: row.kode_kursus ?? defaultKodeKursus(row.course_id),
        year,
        seq: counter.last_seq,
      }),
      nama: holder.name,
      nip: holder.nip,
      golongan: holder.golongan,
      jabatan: holder.jabatan,
      unitKerja: holder.unit,
      opd: holder.opd,
      instansi: settings.instansi,
      pelatihan: (row.title ?? row.course_id).slice(0, 300),
      kursusId: row.course_id,
      jp: Math.round(row.jp),
      mulai: isoDateIn(row.started_at ?? row.completed_at, settings.timeZone),
      selesai: isoDateIn(row.completed_at, settings.timeZone),
      nilai: row.best_post === null ? null : Math.round(row.best_post * 100),
      tempat: settings.tempat,
      tanggal: today,
      penandatangan: settings.signer,
    });
    const signature = await deps.signer.signCertificate(payload);
    await tx.query(
      `INSERT INTO certificates (code, number, year, seq, user_id, course_id, payload, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [payload.kode, payload.nomor, year, counter.last_seq, userId, row.course_id, canonicalJson(payload), signature],
    );
  }
}

/**
 * Issues every certificate that waits with nothing left to wait for: after an admin turns a
 * condition off (`actionPlanRequired`), the waiting ones would otherwise come only with their
 * learner's next push for that course. Learner by learner, each under the learner's lock,
 * like a push.
 */
export async function issueWaitingCertificates(db: Queryable, deps: CertificateDeps): Promise<void> {
  const waiting = await db.query<{ user_id: string; course_id: string }>(
    `SELECT c.user_id, c.course_id FROM course_completions c
     WHERE NOT EXISTS (SELECT 1 FROM certificates k WHERE k.user_id = c.user_id AND k.course_id = c.course_id)
     ORDER BY c.user_id, c.course_id`,
  );
  if (waiting.length === 0) return;
  const byLearner = new Map<string, Set<string>>();
  for (const row of waiting) byLearner.set(row.user_id, (byLearner.get(row.user_id) ?? new Set()).add(row.course_id));
  // Loaded outside the transactions, where embedded PGlite (one connection) would wait on itself.
  await deps.signer.publicKey();
  for (const [userId, courseIds] of byLearner)
    await db.transaction(async (tx) => {
      await lockLearner(tx, userId);
      await issueDueCertificates(tx, deps, userId, courseIds);
    });
}

interface CertificateRow {
  code: string;
  user_id: string;
  course_id: string;
  /** `canonicalJson(payload)`, the exact bytes signed: reading it back cannot change one. */
  payload: string;
  signature: string;
  issued_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export interface StoredCertificate extends SignedCertificate {
  userId: string;
  courseId: string;
  issuedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

const COLUMNS = 'code, user_id, course_id, payload, signature, issued_at, revoked_at, revoked_reason';

function toStored(row: CertificateRow): StoredCertificate {
  return {
    payload: CertificatePayload.parse(JSON.parse(row.payload)),
    signature: row.signature,
    userId: row.user_id,
    courseId: row.course_id,
    issuedAt: row.issued_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedReason: row.revoked_reason,
  };
}

export async function findCertificate(db: Queryable, code: string): Promise<StoredCertificate | null> {
  const [row] = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM certificates WHERE code = $1`, [code]);
  return row === undefined ? null : toStored(row);
}

/** One learner's certificates, oldest first. */
export async function certificatesOf(db: Queryable, userId: string): Promise<StoredCertificate[]> {
  const rows = await db.query<CertificateRow>(
    `SELECT ${COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY issued_at, code`,
    [userId],
  );
  return rows.map(toStored);
}

/** What anyone may learn about a code: valid, revoked or unknown, with the public summary. */
export function verificationOf(code: string, stored: StoredCertificate | null): CertificateVerification {
  if (stored === null) return { status: 'unknown', code };
  const certificate = publicSummary(stored.payload);
  if (stored.revokedAt !== null)
    return {
      status: 'revoked',
      code,
      certificate,
      revokedAt: stored.revokedAt,
      revokedReason: stored.revokedReason ?? '',
    };
  return { status: 'valid', code, certificate };
}

export type RevokeOutcome = 'revoked' | 'already_revoked' | 'not_found';

/** Revokes with a reason, logged in `certificate_events`; revoking twice keeps the first reason. */
export async function revokeCertificate(
  db: Queryable,
  code: string,
  reason: string,
  actorId: string,
): Promise<RevokeOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM certificates WHERE code = $1 FOR UPDATE',
      [code],
    );
    if (row === undefined) return 'not_found';
    if (row.revoked_at !== null) return 'already_revoked';
    await tx.query('UPDATE certificates SET revoked_at = now(), revoked_reason = $2, revoked_by = $3 WHERE code = $1', [
      code,
      reason,
      actorId,
    ]);
    await tx.query(`INSERT INTO certificate_events (code, action, reason, actor_id) VALUES ($1, 'revoke', $2, $3)`, [
      code,
      reason,
      actorId,
    ]);
    return 'revoked';
  });
}
