import { describe, expect, it } from 'vitest';
import { checkClusterConsistency } from './cluster-consistency.js';
import { getTestServers } from './context.js';
import { ServerReplyError } from './errors.js';
import { parseInfo } from './info.js';
import { hashTagForSlot, keySlot } from './key-slot.js';
import { RespClient } from './resp-client.js';

const { cluster } = getTestServers();

describe('the shared cluster', () => {
  it('has six nodes on distinct free loopback ports, none of them 6379', () => {
    const ports = cluster.nodes.map((node) => node.port);
    expect(new Set(ports).size).toBe(6);
    expect(ports).not.toContain(6379);
    expect(cluster.nodes.every((node) => node.host === '127.0.0.1')).toBe(true);
  });

  it('reports cluster_state:ok on every node, all agreeing on three primaries with one replica each', async () => {
    const snapshots = await cluster.snapshot();
    expect(snapshots).toHaveLength(6);
    for (const snapshot of snapshots) {
      expect(snapshot.clusterInfo).toMatchObject({
        cluster_state: 'ok',
        cluster_slots_assigned: '16384',
        cluster_known_nodes: '6',
        cluster_size: '3',
      });
    }
    expect(
      checkClusterConsistency(snapshots, { nodeCount: 6, down: new Set(), replicasPerPrimary: 1 }),
    ).toBeNull();
    const primaries = await cluster.primaries();
    expect(primaries).toHaveLength(3);
    for (const primary of primaries) {
      const replica = await cluster.replicaOf(primary);
      expect((await cluster.primaryOf(replica)).id).toBe(primary.id);
    }
  });

  it('runs its nodes with a 2000 ms node timeout and DEBUG enabled', async () => {
    for (const node of cluster.nodes) {
      expect(await cluster.command(node, 'CONFIG', 'GET', 'cluster-node-timeout')).toEqual([
        'cluster-node-timeout',
        '2000',
      ]);
      expect(await cluster.command(node, 'DEBUG', 'SLEEP', '0')).toBe('OK');
    }
  });

  it('computes key slots as CLUSTER KEYSLOT does, hash tags included', async () => {
    const [node] = cluster.nodes;
    for (const key of ['foo', 'user:1000', '{user1000}.following', 'a{}b', '{}{x}', 'ключ']) {
      expect(keySlot(key)).toBe(await cluster.command(node!, 'CLUSTER', 'KEYSLOT', key));
    }
    expect(await cluster.command(node!, 'CLUSTER', 'KEYSLOT', `{${hashTagForSlot(4242)}}:x`)).toBe(
      4242,
    );
  });

  it('finds the owner of a key: it accepts the write, another primary answers MOVED', async () => {
    const key = 'harness:owner';
    const owner = await cluster.nodeForKey(key);
    expect(await cluster.command(owner, 'SET', key, 'v')).toBe('OK');
    const other = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    const error = await cluster.command(other, 'GET', key).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerReplyError);
    expect((error as ServerReplyError).prefix).toBe('MOVED');
    expect((error as ServerReplyError).message).toContain(`${owner.host}:${owner.port}`);
  });

  it('replicates writes from a primary to its replica', async () => {
    const key = 'harness:replicated';
    const primary = await cluster.nodeForKey(key);
    const replica = await cluster.replicaOf(primary);
    await cluster.command(primary, 'SET', key, 'copied');
    expect(await cluster.command(primary, 'WAIT', 1, 2000)).toBe(1);
    const info = parseInfo(String(await cluster.command(replica, 'INFO', 'replication')));
    expect(info.master_link_status).toBe('up');
    expect(info.master_port).toBe(String(primary.port));
    const connection = await RespClient.connect(replica.address);
    try {
      await connection.command(['READONLY']);
      expect(await connection.command(['GET', key])).toBe('copied');
    } finally {
      connection.close();
    }
  });
});
