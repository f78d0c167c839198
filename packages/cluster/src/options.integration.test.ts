/**
 * The option forms of createCluster against the harness's six-node cluster: seeds as `{ url }`
 * or `{ host, port }`, unknown keys refused before anything connects, and the standalone
 * client's rule for a dropped connection on every node connection: reads are sent again,
 * writes settle once.
 */
import { ConnectionError } from '@redwire/connection';
import { UnknownOptionError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import type { RedisCluster } from './cluster.js';
import { createCluster } from './create-cluster.js';

const [seed] = getTestServers().cluster.seeds() as [{ host: string; port: number }];
/** Keys on all three shards. */
const KEYS = Array.from({ length: 30 }, (_, i) => `options:key:${i}`);

/**
 * Has every primary's node connection kill itself: whatever is sent in the same tick is written
 * behind the kill, on the wire and unanswered when the server closes the connection.
 */
async function killNodeConnections(cluster: RedisCluster): Promise<() => Promise<unknown[]>> {
  const primaries = await cluster.nodes('primary');
  const ids = await Promise.all(primaries.map((node) => node.clientId()));
  const kills = primaries.map((node, i) =>
    // SKIPME no: by default CLIENT KILL with filters spares the client that sends it.
    node.sendCommand(['CLIENT', 'KILL', 'ID', String(ids[i]), 'SKIPME', 'no']),
  );
  return () => Promise.all(kills);
}

describe('createCluster options', () => {
  it('takes a seed as { url }, and as { host, port }', async () => {
    await using byUrl = createCluster({ nodes: [{ url: `redis://${seed.host}:${seed.port}` }] });
    await byUrl.set('options:k', 'v');
    await using byAddress = createCluster({ nodes: [{ host: seed.host, port: seed.port }] });
    expect(await byAddress.get('options:k')).toBe('v');
  });

  it('refuses an unknown key, naming it, before anything connects', () => {
    let error: unknown;
    try {
      createCluster({ nodes: [seed], bogus: 1 } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toMatchObject({ option: 'bogus', where: 'createCluster()' });
  });
});

describe('a node connection dropped under a burst', () => {
  it('sends the reads again and settles each write once', async () => {
    await using cluster = createCluster({ nodes: [seed] });
    await cluster.mset(Object.fromEntries(KEYS.map((key) => [key, key])));
    await cluster.del(...KEYS.map((key) => `${key}:n`));
    let killed = await killNodeConnections(cluster);
    const reads = await Promise.allSettled(KEYS.map((key) => cluster.get(key)));
    expect(await killed()).toEqual([1, 1, 1]);
    expect(reads.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(reads.map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual(KEYS);

    const counters = KEYS.map((key) => `${key}:n`);
    killed = await killNodeConnections(cluster);
    const writes = await Promise.allSettled(counters.map((key) => cluster.incr(key)));
    expect(await killed()).toEqual([1, 1, 1]);
    const fulfilled = writes.filter((w) => w.status === 'fulfilled').length;
    const lost = writes.filter(
      (w) => w.status === 'rejected' && w.reason instanceof ConnectionError && w.reason.written,
    ).length;
    expect(fulfilled + lost).toBe(counters.length);
    const values = await cluster.mget(...counters);
    const applied = values.filter((v) => v === '1').length;
    expect(values.every((v) => v === null || v === '1')).toBe(true);
    expect(applied).toBeGreaterThanOrEqual(fulfilled);
    expect(applied).toBeLessThanOrEqual(fulfilled + lost);
    // Written behind the kill, none of them ran, and none was sent again.
    expect({ fulfilled, lost, applied }).toEqual({
      fulfilled: 0,
      lost: counters.length,
      applied: 0,
    });
  });
});
