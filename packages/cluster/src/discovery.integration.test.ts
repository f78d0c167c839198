import { ConnectionError } from '@redwire/connection';
import { getTestServers, hashTagForSlot, RedisServer } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createCluster } from './create-cluster.js';
import { TooManyRedirectsError } from './errors.js';
import { testCluster } from './test-helpers/cluster-client.js';
import type { TopologyChange } from './topology/types.js';

const { cluster } = getTestServers();

async function deadAddress(): Promise<{ host: string; port: number }> {
  const server = await RedisServer.start({ label: 'cluster-dead-seed' });
  const address = { host: server.host, port: server.port };
  await server.stop();
  return address;
}

describe('discovery', () => {
  it('finds the whole cluster from one seed and says so in a topology event', async () => {
    const [seed] = cluster.seeds();
    await using redis = createCluster({ nodes: [`redis://${seed!.host}:${seed!.port}`] });
    const changes: TopologyChange[] = [];
    redis.on('topology', (change) => changes.push(change));
    await redis.connect();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.added).toHaveLength(6);
    expect(changes[0]!.movedSlots).toBe(16_384);
    expect(await redis.nodes('primary')).toHaveLength(3);
  });

  it('skips dead seeds and lists every seed when none answers', async () => {
    const dead = [await deadAddress(), await deadAddress()];
    await using partly = createCluster({ nodes: [...dead, cluster.seeds()[0]!] });
    expect(await partly.ping()).toBe('PONG');

    await using none = createCluster({ nodes: dead, connectTimeout: 500 });
    const error = await none.get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    for (const seed of dead)
      expect((error as Error).message).toContain(`${seed.host}:${seed.port}`);
  });

  it('dials the addresses nodeAddressMap gives for what the nodes announce', async () => {
    const announced = new Set<string>();
    await using redis = testCluster({
      nodeAddressMap: (address) => {
        announced.add(`${address.host}:${address.port}`);
        // As a NAT would: the same node under another name for its host.
        return { host: 'localhost', port: address.port };
      },
    });
    await redis.set('discovery:mapped', '1');
    expect(await redis.get('discovery:mapped')).toBe('1');
    expect(announced.size).toBe(6);
    for (const node of cluster.nodes) expect(announced).toContain(`${node.host}:${node.port}`);
  });

  it('stops with TooManyRedirectsError, not a loop, when nodeAddressMap sends a node’s slots to another node', async () => {
    const [first, second] = (await cluster.clusterNodes()).filter(
      (node) => node.role === 'primary',
    );
    const wrong = { host: second!.host, port: second!.port };
    await using redis = testCluster({
      topologyCheckInterval: false,
      // Misconfigured: the first primary is dialled at the second one's address. Every command
      // for its slots reaches the second, which answers MOVED to the first, mapped back to the
      // second: a MOVED to the node that sent it, each time.
      nodeAddressMap: (address) =>
        address.port === first!.port && address.host === first!.host ? wrong : address,
    });
    const slot = first!.slots[0]!.start;
    const key = `{${hashTagForSlot(slot)}}:misrouted`;
    const error = await redis.get(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(error).toMatchObject({ slot });
    expect((error as TooManyRedirectsError).path).toContain(
      `MOVED ${second!.host}:${second!.port}`,
    );
  });

  it('routes module-style raw commands it has no spec for to some node', async () => {
    await using redis = testCluster();
    expect(await redis.sendCommand(['ECHO', 'hi'])).toBe('hi');
    await expect(redis.sendCommand(['NOSUCHCOMMAND', 'x'])).rejects.toMatchObject({ code: 'ERR' });
  });

  it('answers fan-out commands with their aggregate', async () => {
    await using redis = testCluster();
    await redis.connect();
    const sizes = await Promise.all(
      (await cluster.primaries()).map((node) => cluster.command(node, 'DBSIZE')),
    );
    expect(await redis.dbsize()).toBe(sizes.reduce((a, b) => (a as number) + (b as number), 0));
  });
});
