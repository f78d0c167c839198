/**
 * The topology layer against the harness's six-node cluster (Redis 7.0): real CLUSTER SHARDS
 * and CLUSTER SLOTS replies, in both protocols, from every node. Read-only: the cluster is
 * shared with other test files.
 */
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, ConnectionError } from '@redwire/connection';
import { ReplyError, type RespValue } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeKey, parseRedirection } from './address.js';
import { pickMajority, viewDigest } from './digest.js';
import { createViewFetcher, discover, type QueryNode, sampleViews } from './discover.js';
import { parseShards } from './parse-shards.js';
import { parseSlots } from './parse-slots.js';
import { SlotMap } from './slot-map.js';
import type { ClusterView, NodeAddress } from './types.js';

const { cluster } = getTestServers();
const connections = new Map<string, Connection>();

/** One connection per node and protocol, kept for the file. */
function connectionTo(address: NodeAddress, protocol: 2 | 3): Connection {
  const key = `${nodeKey(address)}/${protocol}`;
  let connection = connections.get(key);
  if (connection === undefined) {
    connection = new Connection({ ...address, protocol, reconnect: false, connectTimeout: 2_000 });
    connections.set(key, connection);
  }
  return connection;
}

function queryOver(protocol: 2 | 3): QueryNode {
  return (address, args) => connectionTo(address, protocol).send(args);
}

/** Node shape without health: replicas report `loading` until their replication offset moves. */
function shape(view: ClusterView): unknown {
  return view.shards.map((shard) => ({
    slots: shard.slots,
    primary: `${shard.primary.id}@${shard.primary.key}`,
    replicas: shard.replicas.map((replica) => `${replica.id}@${replica.key}`),
  }));
}

/** A port nothing listens on (an ephemeral one, so never 6379). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(() => cluster.waitForOk());
afterAll(async () => {
  await Promise.all([...connections.values()].map((connection) => connection.close()));
});

describe.each([2, 3] as const)('the topology of the test cluster over RESP%i', (protocol) => {
  const query = queryOver(protocol);

  async function shardsViews(): Promise<ClusterView[]> {
    return Promise.all(
      cluster.nodes.map(async (node) =>
        parseShards((await query(node.address, ['CLUSTER', 'SHARDS'])) as RespValue, {
          source: node.address,
        }),
      ),
    );
  }

  it('reads CLUSTER SHARDS from every node as one view: three primaries with a replica each over every slot', async () => {
    const views = await shardsViews();
    for (const view of views) expect(shape(view)).toEqual(shape(views[0] as ClusterView));
    const map = new SlotMap(views[0] as ClusterView);
    expect(map.isComplete).toBe(true);
    expect(map.primaries()).toHaveLength(3);
    expect(map.nodes()).toHaveLength(6);
    const primaries = await cluster.primaries();
    expect(
      map
        .primaries()
        .map((node) => node.id)
        .sort(),
    ).toEqual(primaries.map((node) => node.id).sort());
    for (const shard of map.shards()) {
      expect(shard.primary.address).toEqual(cluster.node(shard.primary.id as string).address);
      expect(shard.replicas).toHaveLength(1);
      const replica = shard.replicas[0];
      expect(replica?.role).toBe('replica');
      expect((await cluster.primaryOf(replica?.id as string)).id).toBe(shard.primary.id);
      for (const range of shard.slots) {
        for (const slot of [range.start, range.end]) {
          expect((await cluster.nodeForSlot(slot)).id).toBe(map.primaryFor(slot)?.id);
        }
      }
    }
  });

  it('reads CLUSTER SLOTS as the same view as CLUSTER SHARDS once the replicas have synced', async () => {
    // Redis 7.0 reports a replica whose replication offset is still 0 as `loading` in SHARDS
    // and leaves it out of SLOTS; on a fresh cluster that lasts until the first replication
    // ping (up to repl-ping-replica-period, 10 s).
    const deadline = Date.now() + 40_000;
    for (;;) {
      const views = await shardsViews();
      const loading = views.flatMap((view) =>
        view.shards.flatMap((shard) => shard.replicas.filter((r) => r.health !== 'online')),
      );
      if (loading.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${loading.length} replicas still not online`);
      await sleep(200);
    }
    const digests = new Set<string>();
    for (const node of cluster.nodes) {
      const context = { source: node.address };
      const shards = parseShards(
        (await query(node.address, ['CLUSTER', 'SHARDS'])) as RespValue,
        context,
      );
      const slots = parseSlots(
        (await query(node.address, ['CLUSTER', 'SLOTS'])) as RespValue,
        context,
      );
      expect(slots).toEqual(shards);
      digests.add(viewDigest(shards));
    }
    expect(digests.size).toBe(1);
  }, 60_000);

  it('routes keys where the server does: primaryFor(CLUSTER KEYSLOT) serves them, others answer MOVED to it', async () => {
    const seed = cluster.nodes[0]?.address as NodeAddress;
    const map = new SlotMap(
      parseShards((await query(seed, ['CLUSTER', 'SHARDS'])) as RespValue, { source: seed }),
    );
    for (let i = 0; i < 30; i++) {
      const key = `topology:${i}:{tag${i * 7}}`;
      const slot = (await query(seed, ['CLUSTER', 'KEYSLOT', key])) as number;
      const owner = map.primaryFor(slot);
      expect(owner?.id).toBe((await cluster.nodeForSlot(slot)).id);
      await expect(query(owner?.address as NodeAddress, ['GET', key])).resolves.toBeNull();
      const other = map.primaries().find((node) => node.key !== owner?.key);
      const error = await query(other?.address as NodeAddress, ['GET', key]).catch((e) => e);
      expect(error).toBeInstanceOf(ReplyError);
      const redirection = parseRedirection((error as ReplyError).message, other?.address.host);
      expect(redirection).toEqual({ kind: 'MOVED', slot, address: owner?.address });
      // Patching with the owner it already has changes nothing.
      expect(map.patch(slot, redirection?.address as NodeAddress)).toBe(false);
    }
  });

  it('discovers the view from the seeds past a dead one, and samples it from known nodes', async () => {
    const fetchView = createViewFetcher(query);
    const dead = { host: '127.0.0.1', port: await deadPort() };
    const seed = cluster.seeds()[0] as NodeAddress;
    const expected = shape(parseShards((await query(seed, ['CLUSTER', 'SHARDS'])) as RespValue));
    // Seeds are tried in random order: a few rounds put the dead one first at times.
    for (let i = 0; i < 5; i++) {
      expect(shape(await discover([dead, ...cluster.seeds()], fetchView))).toEqual(expected);
    }
    const map = new SlotMap(await discover(cluster.seeds(), fetchView));
    const sample = await sampleViews(
      [...map.nodes().map((node) => node.address), dead],
      7,
      fetchView,
    );
    expect(sample.views).toHaveLength(6);
    expect(sample.failures.map((failure) => failure.address)).toEqual([dead]);
    expect(shape(pickMajority(sample.views) as ClusterView)).toEqual(expected);
  });

  it('names every seed when none answers', async () => {
    const dead = [
      { host: '127.0.0.1', port: await deadPort() },
      { host: '127.0.0.1', port: await deadPort() },
    ];
    const failure = await discover(dead, createViewFetcher(query)).catch((error) => error);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect(failure.code).toBe('REDWIRE_CONNECTION');
    for (const seed of dead) expect(failure.message).toContain(nodeKey(seed));
    expect(failure.cause).toBeInstanceOf(AggregateError);
    expect(failure.cause.errors).toHaveLength(2);
  });
});
