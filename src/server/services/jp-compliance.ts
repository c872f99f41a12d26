import {
  COMPLIANCE_PAGE_SIZE,
  JENIS_JABATAN_UNSET,
  type ComplianceGrouping,
  type ComplianceJenisJabatanFilter,
  type CompliancePeoplePage,
  type CompliancePerson,
  type ComplianceReport,
  type ComplianceRow,
} from '../../shared/protocol/record';
import { JENIS_JABATAN, type EmploymentStatus, type JenisJabatan } from '../../shared/roster';
import { audienceCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import { ledgerRowsSql } from './ledger';
import type { RecordSettings } from './record-settings';

/**
 * "Pemenuhan 20 JP" (issue 12.3): per OPD or per jenis jabatan (issue 10.1), the active PNS and
 * CPNS, how many reached the target (`share` = reached / people × 100, two decimals), their average
 * JP and how many have none, for one year of the ledger. `audience` decides whose: the BKPSDM everyone, an OPD admin
 * their OPD, an atasan their direct reports (`teamOf`). One grouped query.
 */

/** The column a grouping reads; a fixed map, so no caller text ever reaches the SQL. */
const GROUP_COLUMN: Record<ComplianceGrouping, string> = { opd: 'u.opd', jenis_jabatan: 'u.jenis_jabatan' };

/**
 * Row order, the report's and the export's alike: OPD by name (code-point order, so both
 * databases agree whatever their collation); jenis jabatan from the top of the hierarchy down
 * (as the roster lists them), people without one last.
 */
function compareGroups(groupBy: ComplianceGrouping, a: string | null, b: string | null): number {
  if (groupBy === 'opd') {
    const left = a ?? '';
    const right = b ?? '';
    if (left === right) return 0;
    return left < right ? -1 : 1;
  }
  const rank = (group: string | null): number => {
    const index = JENIS_JABATAN.indexOf(group as JenisJabatan);
    return index === -1 ? JENIS_JABATAN.length : index;
  };
  return rank(a) - rank(b);
}

/** The people counted: active PNS and CPNS of the audience; `u` is `users`. */
function countedPeople(audience: Audience, params: unknown[]): string {
  return `u.aktif AND u.status IN ('PNS', 'CPNS') AND ${audienceCondition(audience, 'u.id', params)}`;
}

/** JP per counted person for the year: a CTE named `person_jp` (user_id, jp). */
function personJpCte(audience: Audience, params: unknown[], year: number, settings: RecordSettings): string {
  const people = countedPeople(audience, params);
  const ledger = ledgerRowsSql(
    params,
    `user_id IN (SELECT u.id FROM users u WHERE ${people})`,
    year,
    settings.timeZone,
  );
  return `person_jp AS (SELECT user_id, sum(jp)::float8 AS jp FROM (${ledger}) AS ledger GROUP BY user_id)`;
}

export async function complianceReport(
  db: Queryable,
  audience: Audience,
  year: number,
  settings: RecordSettings,
  groupBy: ComplianceGrouping = 'opd',
): Promise<ComplianceReport> {
  const params: unknown[] = [];
  const cte = personJpCte(audience, params, year, settings);
  const people = countedPeople(audience, params);
  params.push(settings.targets.pns);
  const target = `$${params.length}`;
  const column = GROUP_COLUMN[groupBy];
  const grouped = await db.query<{
    grp: string | null;
    people: number;
    reached: number;
    jp_sum: number;
    zero_jp: number;
  }>(
    `WITH ${cte}
     SELECT ${column} AS grp, count(*)::int AS people,
       count(*) FILTER (WHERE coalesce(p.jp, 0) >= ${target}::float8)::int AS reached,
       coalesce(sum(p.jp), 0)::float8 AS jp_sum,
       count(*) FILTER (WHERE coalesce(p.jp, 0) = 0)::int AS zero_jp
     FROM users u LEFT JOIN person_jp p ON p.user_id = u.id
     WHERE ${people}
     GROUP BY ${column}`,
    params,
  );
  const rows = grouped.sort((a, b) => compareGroups(groupBy, a.grp, b.grp));
  const toRow = (group: string | null, counts: { people: number; reached: number; jpSum: number; zeroJp: number }) => ({
    group,
    people: counts.people,
    reached: counts.reached,
    share: counts.people === 0 ? 0 : Math.round((counts.reached / counts.people) * 10_000) / 100,
    averageJp: counts.people === 0 ? 0 : Math.round((counts.jpSum / counts.people) * 100) / 100,
    zeroJp: counts.zeroJp,
  });
  const result: ComplianceRow[] = rows.map((row) =>
    toRow(row.grp, { people: row.people, reached: row.reached, jpSum: row.jp_sum, zeroJp: row.zero_jp }),
  );
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    year,
    target: settings.targets.pns,
    groupBy,
    rows: result,
    total: toRow('', {
      people: sum((row) => row.people),
      reached: sum((row) => row.reached),
      jpSum: sum((row) => row.jp_sum),
      zeroJp: sum((row) => row.zero_jp),
    }),
  };
}

/**
 * The people behind the report, by name, a page at a time; optionally one OPD and/or one jenis
 * jabatan (`none`: not filled in), or only those below the target.
 */
export async function compliancePeople(
  db: Queryable,
  audience: Audience,
  year: number,
  settings: RecordSettings,
  filter: {
    opd?: string | undefined;
    jenisJabatan?: ComplianceJenisJabatanFilter | undefined;
    below?: boolean | undefined;
    after?: string | undefined;
  },
  pageSize: number = COMPLIANCE_PAGE_SIZE,
): Promise<CompliancePeoplePage> {
  const params: unknown[] = [];
  const cte = personJpCte(audience, params, year, settings);
  const people = countedPeople(audience, params);
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const target = param(settings.targets.pns);
  const opd = param(filter.opd ?? null);
  const jenisJabatan =
    filter.jenisJabatan === undefined
      ? ''
      : filter.jenisJabatan === JENIS_JABATAN_UNSET
        ? 'AND u.jenis_jabatan IS NULL'
        : `AND u.jenis_jabatan = ${param(filter.jenisJabatan)}`;
  const after = param(filter.after ?? null);
  const limit = param(pageSize + 1);
  const below = filter.below === true ? `AND coalesce(p.jp, 0) < ${target}::float8` : '';
  const rows = await db.query<{
    id: string;
    nip: string;
    name: string;
    status: EmploymentStatus;
    jabatan: string;
    jenisJabatan: JenisJabatan | null;
    unit: string;
    opd: string;
    jp: number;
    reached: boolean;
  }>(
    `WITH ${cte}
     SELECT u.id, u.nip, u.name, u.status, u.jabatan, u.jenis_jabatan AS "jenisJabatan", u.unit, u.opd,
       coalesce(p.jp, 0)::float8 AS jp,
       coalesce(p.jp, 0) >= ${target}::float8 AS reached
     FROM users u LEFT JOIN person_jp p ON p.user_id = u.id
     WHERE ${people} AND (${opd}::text IS NULL OR u.opd = ${opd}) ${jenisJabatan} ${below}
       AND (${after}::uuid IS NULL OR (u.name, u.id) > (SELECT b.name, b.id FROM users b WHERE b.id = ${after}
         AND ${audienceCondition(audience, 'b.id', params)}))
     ORDER BY u.name, u.id LIMIT ${limit}`,
    params,
  );
  const page = rows
    .slice(0, pageSize)
    .map((row): CompliancePerson => ({ ...row, reached: row.jp >= settings.targets.pns }));
  return {
    year,
    target: settings.targets.pns,
    people: page,
    next: rows.length > pageSize ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * Every person of the report, for the XLSX/CSV export (pages read one after the other), in the
 * report's row order: by group (as `groupBy` groups), then by name.
 */
export async function allCompliancePeople(
  db: Queryable,
  audience: Audience,
  year: number,
  settings: RecordSettings,
  filter: { opd?: string | undefined; jenisJabatan?: ComplianceJenisJabatanFilter | undefined },
  groupBy: ComplianceGrouping = 'opd',
): Promise<CompliancePerson[]> {
  const people: CompliancePerson[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await compliancePeople(db, audience, year, settings, { ...filter, after }, 1000);
    people.push(...page.people);
    if (page.next === null) break;
    after = page.next;
  }
  const groupOf = (person: CompliancePerson): string | null => (groupBy === 'opd' ? person.opd : person.jenisJabatan);
  // Stable sort: within a group the people keep the database's name order.
  return people.sort((a, b) => compareGroups(groupBy, groupOf(a), groupOf(b)));
}
