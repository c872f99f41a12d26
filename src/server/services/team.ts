import { TEAM_PAGE_SIZE, type TeamResponse } from '../../shared/protocol/people';
import { audienceCondition, teamOf } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { coursesOf, jpTotal } from './person-courses';
import { USER_COLUMNS, type UserRow } from './users';

/**
 * An atasan's direct reports (derived from the roster: their `atasan_nip` is the viewer's NIP)
 * with each one's courses and JP, read-only, a page at a time by name. Anyone else gets an
 * empty team, never someone else's.
 */
export async function listTeam(db: Queryable, session: Session, after?: string): Promise<TeamResponse> {
  const params: unknown[] = [after ?? null, TEAM_PAGE_SIZE + 1];
  const rows = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u
     WHERE ${audienceCondition(teamOf(session), 'u.id', params)}
       AND ($1::uuid IS NULL OR (u.name, u.id) > (SELECT b.name, b.id FROM users b WHERE b.id = $1))
     ORDER BY u.name, u.id LIMIT $2`,
    params,
  );
  const page = rows.slice(0, TEAM_PAGE_SIZE);
  const courses = await coursesOf(
    db,
    page.map((row) => row.id),
  );
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
      jpTotal: jpTotal(own),
      courses: own,
    };
  });
  return {
    members,
    next: rows.length > TEAM_PAGE_SIZE ? (members.at(-1)?.id ?? null) : null,
    fetchedAt: new Date().toISOString(),
  };
}
