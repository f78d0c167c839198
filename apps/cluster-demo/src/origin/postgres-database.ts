/** The origin on a PostgreSQL server (`DATABASE_URL`), through a small `pg` pool. */
import pg from 'pg';
import type { SqlDatabase } from './sql-database.js';

/**
 * Connects a pool to `url` and checks it answers, so a wrong URL fails at start-up with the
 * server's own message rather than on the first request.
 */
export async function openPostgresDatabase(url: string): Promise<SqlDatabase> {
  // A short connect timeout: while the database is down, requests should fail fast (503).
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2_000 });
  // An idle client losing its server emits on the pool; without a listener that would crash.
  pool.on('error', () => {});
  let closed = false;
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, [...params]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
