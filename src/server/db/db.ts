/**
 * The one database seam. Both implementations speak plain PostgreSQL SQL with `$1`
 * parameters and return the same JavaScript types (int8 → number, timestamptz → Date,
 * jsonb → parsed value), so services never know which engine they run on.
 */
export interface Queryable {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Inside a transaction this joins the open one, so services compose without caring who started it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Db extends Queryable {
  close(): Promise<void>;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared on its connection and reuse it (PostgreSQL, inside a
   * transaction; PGlite ignores it). PostgreSQL then skips parsing and planning it again: for
   * the statements of a push, about 40 % of its CPU. Only for a text from a small fixed set,
   * since each stays prepared on every connection that ran it; and the transaction may be run
   * a second time (see `openPostgresDb`), so its function must do only database work.
   */
  prepare?: boolean;
}
