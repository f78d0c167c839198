/**
 * The embedded origin: PGlite (PostgreSQL compiled to WebAssembly) in this process, so the demo
 * needs no database server. Its files go to a temporary directory unless one is given.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase } from './sql-database.js';

/**
 * Opens (or creates) a PGlite database in `dir`; without one, in a new temporary directory that
 * `close()` removes.
 */
export async function openPgliteDatabase(dir?: string): Promise<SqlDatabase> {
  const owned = dir === undefined;
  const dataDir = dir ?? (await mkdtemp(join(tmpdir(), 'redwire-demo-pglite-')));
  const db = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      if (!db.closed) await db.close();
      if (owned) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
