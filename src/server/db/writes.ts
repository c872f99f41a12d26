import type { Queryable } from './db';

/** One data-modifying statement, its parameters numbered from `$1`; null when there is nothing to write. */
export type Write = { sql: string; params: unknown[] } | null;

/**
 * Runs writes to distinct tables as one statement, each a data-modifying CTE: one round trip
 * instead of one per table. PostgreSQL runs each such CTE exactly once, all against the same
 * snapshot, so no write may depend on another's rows, and none may have a WITH of its own.
 */
export async function applyWrites(tx: Queryable, writes: readonly Write[]): Promise<void> {
  const params: unknown[] = [];
  const ctes = writes.flatMap((write) => {
    if (write === null) return [];
    const offset = params.length;
    params.push(...write.params);
    return [`w${offset} AS (${write.sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`)})`];
  });
  if (ctes.length > 0) await tx.query(`WITH ${ctes.join(', ')} SELECT 1`, params);
}
