/**
 * A primary killed under load: the service on PGlite and the harness's cluster takes concurrent
 * GETs and PUTs while one primary is SIGKILLed. Requests between the kill and the promotion may
 * be slow (a Redis call waits up to its 2 s timeout, then the origin answers): they are measured,
 * printed and bounded generously. From the promotion on, every request is answered without a
 * 5xx, reads come from the cache again, and `/metrics` has counted the failover.
 */
import { getTestServers, skipWithoutNodeProcesses } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumSamples } from './load/prometheus.js';
import { openPgliteDatabase } from './origin/pglite-database.js';
import type { SqlDatabase } from './origin/sql-database.js';
import { startTestService, type TestService, waitFor } from './test-helpers/test-service.js';

const { cluster, faults } = getTestServers();

const PRODUCTS = 1_000;
const WORKERS = 24;
/** Longest any request may take, in the failover window too: Redis timeout, origin, a busy CI. */
const REQUEST_BOUND_MS = 15_000;

/** One request of the load and how it ended. */
interface Outcome {
  readonly kind: 'get' | 'put';
  readonly start: number;
  readonly end: number;
  /** The HTTP status, or 0 when no answer came (connection error, timeout). */
  readonly status: number;
  readonly cache: string | null;
  readonly error?: string;
}

/** `WORKERS` loops of GET (85 %) and PUT (15 %) on random products until `stop()`. */
function runLoad(service: TestService) {
  const outcomes: Outcome[] = [];
  let running = true;
  let version = 0;
  const worker = async () => {
    while (running) {
      const id = 1 + Math.floor(Math.random() * PRODUCTS);
      const kind = Math.random() < 0.85 ? 'get' : 'put';
      const start = performance.now();
      try {
        const response = await fetch(`${service.url}/products/${id}`, {
          method: kind === 'get' ? 'GET' : 'PUT',
          signal: AbortSignal.timeout(REQUEST_BOUND_MS + 10_000),
          ...(kind === 'put'
            ? {
                body: JSON.stringify({ stock: ++version }),
                headers: { 'content-type': 'application/json' },
              }
            : {}),
        });
        await response.arrayBuffer();
        const cache = response.headers.get('x-cache');
        outcomes.push({ kind, start, end: performance.now(), status: response.status, cache });
      } catch (error) {
        outcomes.push({
          kind,
          start,
          end: performance.now(),
          status: 0,
          cache: null,
          error: String(error),
        });
      }
    }
  };
  const workers = Array.from({ length: WORKERS }, worker);
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

const failed = (outcome: Outcome) => outcome.status === 0 || outcome.status >= 500;

async function failoversCounted(service: TestService): Promise<number> {
  return sumSamples(await (await service.request('/metrics')).text(), 'redwire_failovers_total');
}

describe('a primary killed under load', () => {
  let db: SqlDatabase;
  let service: TestService;

  beforeAll(async () => {
    db = await openPgliteDatabase();
    // Writes are not what is limited here.
    service = await startTestService(db, { productCount: PRODUCTS, writeLimit: 1_000_000 });
  });

  afterAll(async () => {
    await service?.service.close();
    await db?.close();
    // Later test files find the cluster as it started: the killed node back, as primary.
    await faults.restore();
  }, 90_000);

  it('answers every request without a 5xx once the replica is promoted, and /metrics counts the failover', async (context) => {
    skipWithoutNodeProcesses(context);
    expect(await failoversCounted(service)).toBe(0);
    const load = runLoad(service);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const slot = 0;
    const primary = await cluster.nodeForSlot(slot);
    const killedAt = performance.now();
    await faults.kill(primary);
    // Promoted: the cluster says another node serves the slot (node timeout, then an election).
    await waitFor(
      async () => (await cluster.nodeForSlot(slot).catch(() => primary)).id !== primary.id,
      20_000,
    );
    const promotedAt = performance.now();
    // The service's client has seen it too: the redwire:failover channel fed the counter.
    await waitFor(async () => (await failoversCounted(service)) > 0, 15_000);
    const countedAt = performance.now();
    // Then at least two more seconds of load on the new topology.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await load.stop();

    const { outcomes } = load;
    // Before: answered before the kill. The window: in flight at the kill or started before
    // the promotion.
    const before = outcomes.filter((outcome) => outcome.end < killedAt);
    const window = outcomes.filter(
      (outcome) => outcome.end >= killedAt && outcome.start < promotedAt,
    );
    const after = outcomes.filter((outcome) => outcome.start >= promotedAt);
    const last = outcomes.filter((outcome) => outcome.start >= countedAt);
    const longest = (list: readonly Outcome[]) =>
      Math.round(Math.max(0, ...list.map((outcome) => outcome.end - outcome.start)));
    const statuses = (list: readonly Outcome[]) => {
      const counts: Record<string, number> = {};
      for (const outcome of list) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
      return JSON.stringify(counts);
    };
    console.info(
      [
        `kill -9 of ${primary.address.host}:${primary.address.port} under ${WORKERS} workers:`,
        `  promoted after ${Math.round(promotedAt - killedAt)} ms, counted by /metrics after ${Math.round(countedAt - killedAt)} ms`,
        `  before the kill: ${before.length} requests ${statuses(before)}, longest ${longest(before)} ms`,
        `  in flight at the kill or started before the promotion: ${window.length} requests ${statuses(window)}, ${window.filter(failed).length} failed, ${window.filter((o) => o.cache === 'bypass').length} served by the origin alone, longest ${longest(window)} ms`,
        `  after the promotion: ${after.length} requests ${statuses(after)}, ${after.filter(failed).length} failed, longest ${longest(after)} ms`,
      ].join('\n'),
    );

    expect(before.length).toBeGreaterThan(0);
    expect(before.filter(failed)).toEqual([]);
    // The window: slow is allowed, failing is bounded (the service falls back to the origin,
    // so none is expected; a request cut off on the dead node's socket may still fail).
    expect(longest(outcomes)).toBeLessThan(REQUEST_BOUND_MS);
    expect(window.filter(failed).length).toBeLessThanOrEqual(Math.max(5, window.length / 4));
    // From the promotion on: every request answered, none with a 5xx, writes included.
    expect(after.length).toBeGreaterThan(WORKERS);
    expect(after.filter(failed)).toEqual([]);
    expect(after.every((outcome) => outcome.status === 200)).toBe(true);
    expect(after.some((outcome) => outcome.kind === 'put')).toBe(true);
    // ...and reads come from the cluster again, not the origin alone.
    expect(last.some((outcome) => outcome.kind === 'get' && outcome.cache === 'hit')).toBe(true);
    expect(await failoversCounted(service)).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
