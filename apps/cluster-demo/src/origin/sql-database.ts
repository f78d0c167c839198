/**
 * The one thing the catalogue needs from a database: run a parameterised statement and get rows.
 * PGlite and `pg` both fit in a few lines, so the catalogue's SQL is written once for both.
 */

/** A SQL database the catalogue runs its statements on. */
export interface SqlDatabase {
  /** `'pglite'` or `'postgres'`, for logs and `/`. */
  readonly kind: 'pglite' | 'postgres';
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs statements without parameters (schema, seeding), in one round trip where possible. */
  exec(sql: string): Promise<void>;
  /** Releases the database (and, for a temporary PGlite, removes its files). */
  close(): Promise<void>;
}
