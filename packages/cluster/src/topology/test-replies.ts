/**
 * Test helpers: CLUSTER SHARDS and CLUSTER SLOTS replies as a RESP2 or RESP3 node would send
 * them, built from plain objects, and views built by hand.
 */
import type { RespValue } from '@redwire/protocol';
import { nodeKey } from './address.js';
import type { ClusterView, NodeView, ShardView } from './types.js';

export type Protocol = 2 | 3;

/** A RESP3 map, or the flat `[k, v, ...]` array RESP2 sends for it. */
export function respMap(protocol: Protocol, entries: Record<string, RespValue>): RespValue {
  if (protocol === 3) return new Map<RespValue, RespValue>(Object.entries(entries));
  return Object.entries(entries).flat();
}

/** One node of a CLUSTER SHARDS reply; fields left `undefined` are not sent. */
export interface ShardsNode {
  id?: string | undefined;
  port?: number | undefined;
  'tls-port'?: number | undefined;
  ip?: string | undefined;
  endpoint?: string | null | undefined;
  hostname?: string | undefined;
  role?: string | undefined;
  'replication-offset'?: number | undefined;
  health?: string | undefined;
}

/** A CLUSTER SHARDS reply: each shard's flat slot bounds and its nodes. */
export function shardsReply(
  protocol: Protocol,
  shards: readonly { slots: readonly number[]; nodes: readonly ShardsNode[] }[],
): RespValue {
  return shards.map((shard) =>
    respMap(protocol, {
      slots: [...shard.slots],
      nodes: shard.nodes.map((node) => {
        const entries: Record<string, RespValue> = {};
        for (const [name, value] of Object.entries(node)) {
          if (value !== undefined) entries[name] = value;
        }
        return respMap(protocol, entries);
      }),
    }),
  );
}

/** A node of a CLUSTER SHARDS reply with the usual fields, overridable. */
export function shardsNode(
  port: number,
  role: 'master' | 'replica',
  extra: ShardsNode = {},
): ShardsNode {
  return {
    id: idFor(port),
    port,
    ip: '10.0.0.1',
    endpoint: '10.0.0.1',
    role,
    'replication-offset': 100,
    health: 'online',
    ...extra,
  };
}

/** A 40-character node id derived from a port, so tests can predict it. */
export function idFor(port: number): string {
  return String(port).padStart(40, 'a');
}

/** A node as a view holds it. */
export function node(
  host: string,
  port: number,
  role: NodeView['role'] = 'primary',
  extra: Partial<NodeView> = {},
): NodeView {
  const address = { host, port };
  return { id: idFor(port), address, key: nodeKey(address), role, health: 'online', ...extra };
}

/** A shard of a hand-made view. */
export function shard(
  slots: readonly [number, number][],
  primary: NodeView,
  replicas: readonly NodeView[] = [],
): ShardView {
  return { slots: slots.map(([start, end]) => ({ start, end })), primary, replicas };
}

/** Three primaries with one replica each over all 16384 slots, as the test cluster starts. */
export function threeShards(host = '10.0.0.1'): ClusterView {
  return {
    shards: [
      shard([[0, 5460]], node(host, 7000), [node(host, 7003, 'replica')]),
      shard([[5461, 10922]], node(host, 7001), [node(host, 7004, 'replica')]),
      shard([[10923, 16383]], node(host, 7002), [node(host, 7005, 'replica')]),
    ],
  };
}
