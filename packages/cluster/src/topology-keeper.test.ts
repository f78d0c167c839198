import { describe, expect, it } from 'vitest';
import type { NodeClients } from './node-clients.js';
import { resolveClusterOptions } from './options.js';
import { shardsNode, shardsReply } from './topology/test-replies.js';
import type { NodeAddress } from './topology/types.js';
import { TopologyKeeper } from './topology-keeper.js';

/** Three shards on 10.0.0.1: primaries 7001-7003, replicas 7004-7006; 7003 marked failed. */
const REPLY = shardsReply(3, [
  { slots: [0, 5460], nodes: [shardsNode(7001, 'master'), shardsNode(7004, 'replica')] },
  { slots: [5461, 10922], nodes: [shardsNode(7002, 'master'), shardsNode(7005, 'replica')] },
  {
    slots: [10923, 16383],
    nodes: [shardsNode(7003, 'master', { health: 'fail' }), shardsNode(7006, 'replica')],
  },
]);

/** A keeper over nodes that all answer REPLY, recording which were asked. */
function keeper(avoided: ReadonlySet<number>) {
  const asked: number[] = [];
  const nodes = {
    query: (address: NodeAddress) => {
      asked.push(address.port);
      return Promise.resolve(REPLY);
    },
  } as unknown as NodeClients;
  const options = resolveClusterOptions({
    nodes: ['10.0.0.1:7001'],
    topologyCheckInterval: false,
  });
  const topology = new TopologyKeeper(options, nodes, {
    changed: () => {},
    removed: () => {},
    failed: () => {},
    avoids: (key) => avoided.has(Number(key.split(':')[1])),
  });
  return { topology, asked };
}

describe('TopologyKeeper', () => {
  it('notes when a node last gave its view', async () => {
    const { topology } = keeper(new Set());
    expect(topology.lastAnswer).toBe(Number.NEGATIVE_INFINITY);
    const before = performance.now();
    await topology.ready();
    expect(topology.lastAnswer).toBeGreaterThanOrEqual(before);
    topology.close();
  });

  it('never asks a node the watchdog avoids, nor one the map marks failed, while others remain', async () => {
    const { topology, asked } = keeper(new Set([7001, 7002]));
    await topology.ready();
    for (let i = 0; i < 20; i++) await topology.refresh();
    const sampled = new Set(asked.slice(1));
    expect(sampled.size).toBeGreaterThan(0);
    for (const port of [7001, 7002, 7003]) expect(sampled.has(port)).toBe(false);
    topology.close();
  });

  it('asks every node when all of them are avoided, rather than none', async () => {
    const { topology, asked } = keeper(new Set([7001, 7002, 7003, 7004, 7005, 7006]));
    await topology.ready();
    for (let i = 0; i < 20; i++) await topology.refresh();
    expect(new Set(asked.slice(1)).size).toBeGreaterThan(3);
    topology.close();
  });
});
