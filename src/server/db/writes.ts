import type { Queryable } from './db';

/** One SQL statement, its parameters numbered from `$1`. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** A data-modifying statement; null when there is nothing to write. */
export type Write = Statement | null;

/**
 * Runs writes to distinct tables as one statement, each a data-modifying CTE, and answers the
 * rows of `read`, run as that statement's query: one round trip instead of one per table.
 * PostgreSQL runs each such CTE exactly once, and all of them and `read` see the same snapshot
 * (taken before the writes), so neither another write nor `read` may depend on a write's rows;
 * and no write may have a WITH of its own.
 */
export async function applyWrites<T>(tx: Queryable, writes: readonly Write[], read?: Statement): Promise<T[]> {
  const params: unknown[] = [];
  const renumbered = ({ sql, params: own }: Statement): string => {
    const offset = params.push(...own) - own.length;
    return sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
  };
  const ctes = writes.flatMap((write, index) => (write === null ? [] : [`w${index} AS (${renumbered(write)})`]));
  const query = read === undefined ? 'SELECT 1' : renumbered(read);
  if (ctes.length === 0) return read === undefined ? [] : tx.query<T>(query, params);
  // Prepared: a push runs one of the few combinations of the same writes.
  const rows = await tx.query<T>(`WITH ${ctes.join(', ')} ${query}`, params, { prepare: true });
  return read === undefined ? [] : rows;
}
