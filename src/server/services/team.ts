import { TEAM_PAGE_SIZE, type TeamResponse } from '../../shared/protocol/people';
import { audienceCondition, teamOf } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { jpByUser, lifetimeJpByUser, targetFor } from './ledger';
import { coursesOf } from './person-courses';
import type { RecordSettings } from './record-settings';
import { USER_COLUMNS, type UserRow } from './users';

/**
 * An atasan's direct reports (derived from the roster: their `atasan_nip` is the viewer's NIP)
 * with each one's courses and JP, read-only, a page at a time by name. Anyone else gets an
 * empty team, never someone else's. Each member's JP for `year` and their target come from the
 * ledger, the same count as their own JP card and the "Pemenuhan 20 JP" report.
 */
export async function listTeam(
  db: Queryable,
  session: Session,
  records: RecordSettings,
  year: number,
  after?: string,
): Promise<TeamResponse> {
  const params: unknown[] = [after ?? null, TEAM_PAGE_SIZE + 1];
  const team = teamOf(session);
  // The cursor is looked up in the team too: anyone else's id would tell where their name sorts.
  const rows = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u
     WHERE ${audienceCondition(team, 'u.id', params)}
       AND ($1::uuid IS NULL OR (u.name, u.id) > (SELECT b.name, b.id FROM users b
         WHERE b.id = $1 AND ${audienceCondition(team, 'b.id', params)}))
     ORDER BY u.name, u.id LIMIT $2`,
    params,
  );
  const page = rows.slice(0, TEAM_PAGE_SIZE);
  const ids = page.map((row) => row.id);
  const [courses, yearJp, lifetimeJp] = await Promise.all([
    coursesOf(db, ids),
    jpByUser(db, ids, year, records.timeZone),
    lifetimeJpByUser(db, ids),
  ]);
  const members = page.map((row) => {
    const own = courses.get(row.id) ?? [];
    return {
      id: row.id,
      nip: row.nip,
      name: row.name,
      jabatan: row.jabatan,
      unit: row.unit,
      status: row.status,
      aktif: row.aktif,
      jpTotal: lifetimeJp.get(row.id) ?? 0,
      yearJp: yearJp.get(row.id) ?? 0,
      yearTarget: targetFor(row.status, records),
      courses: own,
    };
  });
  return {
    year,
    members,
    next: rows.length > TEAM_PAGE_SIZE ? (members.at(-1)?.id ?? null) : null,
    fetchedAt: new Date().toISOString(),
  };
}
