/**
 * The one database seam. Both implementations speak plain PostgreSQL SQL with `$1`
 * parameters and return the same JavaScript types (int8 → number, timestamptz → Date,
 * jsonb → parsed value), so services never know which engine they run on.
 */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Inside a transaction this joins the open one, so services compose without caring who started it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Db extends Queryable {
  close(): Promise<void>;
}
