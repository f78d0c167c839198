/**
 * `multi()` on a cluster while its slot's primary is down: a block of which nothing was written
 * waits for the cluster to heal and runs on the new owner, as a single command would, instead
 * of failing at once with the dead connection's error.
 */
import { getTestServers, hashTagForSlot, skipWithoutNodeProcesses } from '@redwire/test-harness';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay, testCluster } from './test-helpers/cluster-client.js';

const { cluster, faults } = getTestServers();

beforeAll(() => cluster.flushAll());
afterEach(() => faults.restore(), 60_000);
afterAll(() => cluster.flushAll());

const SLOT = 777;

describe('a cluster transaction while its primary is down', () => {
  it('waits for the promotion and runs there, nothing of it having been written', async (context) => {
    skipWithoutNodeProcesses(context);
    // The promotion takes the node timeout and an election: more than the default 5 s on a
    // loaded machine, and this test is about waiting, not about the default.
    await using redis = testCluster({ commandTimeout: 20_000 });
    const key = `{${hashTagForSlot(SLOT)}}:tx`;
    await redis.set(key, '0');
    const owner = await cluster.nodeForSlot(SLOT);
    await faults.kill(owner);
    // Long enough for the client to have seen its connection to the owner close.
    await delay(300);
    const replies = await redis.multi().incr(key).get(key).exec();
    expect(replies).toEqual([1, '1']);
    // The node the harness asks may not have heard of the promotion yet (gossip is not instant,
    // and CI once asked one that had not): wait until every node agrees before asking who owns it.
    await cluster.waitForOk({ what: `slot ${SLOT} promoted away from the killed node` });
    expect((await cluster.nodeForSlot(SLOT)).id).not.toBe(owner.id);
  }, 60_000);
});
