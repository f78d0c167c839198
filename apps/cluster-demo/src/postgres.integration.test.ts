/**
 * The catalogue scenarios on a real PostgreSQL server. Where: `REDWIRE_DEMO_DATABASE_URL`, else
 * `DATABASE_URL`, else the local server CI runs (`postgres://postgres@127.0.0.1:5432/test`).
 * Reachability is decided up front: a URL given in the environment must answer (or the run fails
 * with one sentence saying so); the local default, when nothing answers there, is skipped under a
 * title that says why, so a machine without PostgreSQL still runs the rest of the suite.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresDatabase } from './origin/postgres-database.js';
import { catalogScenarios } from './test-helpers/catalog-scenarios.js';

const LOCAL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/test';
const given = process.env.REDWIRE_DEMO_DATABASE_URL || process.env.DATABASE_URL || undefined;
const url = given ?? LOCAL_DEFAULT;

/** Why PostgreSQL at `url` cannot be used, or `undefined` when it answers. */
async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await unreachable();
const where = url.replace(/\/\/[^@/]*@/, '//…@');

if (given !== undefined) {
  describe(`the demo service on PostgreSQL at ${where} (from the environment)`, () => {
    it('reaches the database', () => {
      expect(problem, `PostgreSQL at ${where} does not answer: ${problem}`).toBeUndefined();
    });
    if (problem === undefined) catalogScenarios(() => openPostgresDatabase(url));
  });
} else {
  describe.skipIf(problem !== undefined)(
    `the demo service on the local PostgreSQL at ${where}${problem === undefined ? '' : ` (skipped: not reachable, ${problem})`}`,
    () => {
      catalogScenarios(() => openPostgresDatabase(url));
    },
  );
}
