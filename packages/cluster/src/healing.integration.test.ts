import { ReplyError } from '@redwire/client';
import { TimeoutError } from '@redwire/connection';
import { getTestServers, hashTagForSlot } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_ATTEMPT_MS } from './redirection.js';
import { delay, testCluster } from './test-helpers/cluster-client.js';

const { cluster, faults } = getTestServers();
const redis = testCluster();

beforeAll(() => cluster.flushAll());
afterAll(async () => {
  await redis.close();
  // Moves the slots the tests handed over back to their first owners.
  await faults.restore();
  await cluster.flushAll();
});

/**
 * Starts moving `slot` to another primary by hand and moves only `moved` of its keys: until
 * `finish`, a multi-key command over keys on both sides gets TRYAGAIN from the source.
 */
async function halfMigrate(slot: number, moved: readonly string[]) {
  const from = await cluster.nodeForSlot(slot);
  const primaries = await cluster.primaries();
  const to = primaries.find((node) => node.id !== from.id)!;
  const migrate = (keys: readonly string[]) =>
    cluster.command(from, 'MIGRATE', to.host, to.port, '', 0, 5_000, 'KEYS', ...keys);
  await cluster.command(to, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', from.id);
  await cluster.command(from, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', to.id);
  await migrate(moved);
  return {
    async finish(rest: readonly string[]): Promise<void> {
      await migrate(rest);
      // Target first, then the source, then everyone else, as redis-cli --cluster does.
      const others = primaries.filter((node) => node.id !== from.id && node.id !== to.id);
      for (const node of [to, from, ...others]) {
        await cluster.command(node, 'CLUSTER', 'SETSLOT', slot, 'NODE', to.id);
      }
    },
  };
}

describe('a multi-key command on a slot caught mid-migration (TRYAGAIN)', () => {
  it('waits while the slot is split, and succeeds once the migration completes', async () => {
    const tag = hashTagForSlot(9_001);
    const [a, b] = [`{${tag}}:a`, `{${tag}}:b`];
    await redis.mset({ [a]: '1', [b]: '2' });
    const migration = await halfMigrate(9_001, [b]);
    const before = redis.stats.retries;

    const reading = redis.mget(a, b);
    await delay(150);
    // Still waiting, having been told TRYAGAIN more than once.
    expect(redis.stats.retries - before).toBeGreaterThan(1);
    await migration.finish([a]);
    expect(await reading).toEqual(['1', '2']);
  });

  it('gives up at its deadline with the last answer, after one more attempt just before it', async () => {
    const tag = hashTagForSlot(9_002);
    const [a, b] = [`{${tag}}:a`, `{${tag}}:b`];
    await redis.mset({ [a]: '1', [b]: '2' });
    const migration = await halfMigrate(9_002, [b]);
    try {
      const timeout = 300;
      const started = performance.now();
      const error = await redis
        .withOptions({ timeout })
        .mget(a, b)
        .catch((e: unknown) => e);
      const elapsed = performance.now() - started;

      // Pauses of 10, 20, 40, 80 and 100 ms reach 250 ms; the next one is cut to leave a last
      // attempt 10 ms before the deadline instead of giving up 50 ms early. On a slow machine
      // that attempt can itself run out of time: then the command times out.
      if (error instanceof TimeoutError) return;
      expect(error).toBeInstanceOf(ReplyError);
      expect(error).toMatchObject({ code: 'TRYAGAIN' });
      expect((error as Error).message).toContain(`while the cluster healed: TRYAGAIN from`);
      expect(elapsed).toBeGreaterThanOrEqual(timeout - LAST_ATTEMPT_MS - 1);
      expect(elapsed).toBeLessThan(timeout + 200);
    } finally {
      await migration.finish([a]);
    }
  });
});
