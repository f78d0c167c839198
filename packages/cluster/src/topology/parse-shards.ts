/**
 * `CLUSTER SHARDS` (Redis 7.0+) → {@link ClusterView}. Each shard is a map with `slots` (a flat
 * list of start, end pairs) and `nodes` (maps with `id`, `port`, `tls-port`, `ip`, `endpoint`,
 * `hostname`, `role`, `replication-offset`, `health`), a `Map` under RESP3 and a flat key/value
 * array under RESP2.
 */
import type { RespValue } from '@redwire/protocol';
import { arrayOf, fieldsOf, integerOf, textOf, unexpectedReply } from './resp-fields.js';
import { isSlot } from './slot-ranges.js';
import type { ClusterView, NodeView, SlotRange } from './types.js';
import { buildView, type ShardDraft, toNodeView, type ViewOptions } from './view-builder.js';

/**
 * Reads a `CLUSTER SHARDS` reply.
 *
 * - A node is dialled on its `endpoint`; on its `ip` when the endpoint is `?` (unknown); on the
 *   `source` host when the endpoint is empty (`unknown-endpoint`: "the host you reached me
 *   on"). With `tls`, on its `tls-port` when it has one. `nodeAddressMap` applies to all.
 * - Shards without slots (a primary that gave all its slots away, a failed primary after its
 *   failover) are left out.
 * - A shard with no primary listed is left out: nothing can serve its slots, so they show as
 *   uncovered (`SlotMap.isComplete`) until a later view has one.
 * - A shard listing several primaries (Redis 7.2+ keeps a failed-over primary in its old shard
 *   until it rejoins as a replica) uses the first healthy one and leaves the others out.
 * - Failed and loading replicas stay in the view, flagged by `health`; a node whose address is
 *   unknown is left out.
 *
 * @throws RedisError (`REDWIRE_UNEXPECTED_REPLY`) when the reply does not have this shape
 */
export function parseShards(reply: RespValue, options: ViewOptions = {}): ClusterView {
  const drafts: ShardDraft[] = [];
  for (const [index, entry] of arrayOf(reply, 'CLUSTER SHARDS').entries()) {
    const shard = fieldsOf(entry, `shard ${index}`);
    const slots = readSlots(shard.get('slots'), index);
    const nodes: NodeView[] = [];
    for (const node of arrayOf(shard.get('nodes'), `shard ${index}'s nodes`)) {
      const view = readNode(node, index, options);
      if (view !== undefined) nodes.push(view);
    }
    const primary = pickPrimary(nodes);
    if (slots.length === 0 || primary === undefined) continue;
    const replicas = nodes.filter((node) => node.role === 'replica');
    drafts.push({ slots, primary, replicas });
  }
  return buildView(drafts);
}

function readSlots(value: RespValue | undefined, index: number): SlotRange[] {
  const bounds = arrayOf(value ?? [], `shard ${index}'s slots`);
  if (bounds.length % 2 !== 0) throw unexpectedReply(`shard ${index}'s slots are not pairs`);
  const ranges: SlotRange[] = [];
  for (let i = 0; i < bounds.length; i += 2) {
    const start = integerOf(bounds[i]);
    const end = integerOf(bounds[i + 1]);
    if (start === undefined || end === undefined || !isSlot(start) || !isSlot(end) || end < start) {
      throw unexpectedReply(`shard ${index} has an invalid slot range`);
    }
    ranges.push({ start, end });
  }
  return ranges;
}

function readNode(value: RespValue, index: number, options: ViewOptions): NodeView | undefined {
  const node = fieldsOf(value, `a node of shard ${index}`);
  const port = integerOf(node.get('port'));
  const tlsPort = integerOf(node.get('tls-port'));
  const ip = textOf(node.get('ip'));
  const endpoint = node.get('endpoint');
  return toNodeView(
    {
      id: textOf(node.get('id')),
      // No `endpoint` field at all (not a Redis we know): the IP is all there is.
      endpoint: endpoint === undefined ? (ip ?? '?') : (textOf(endpoint) ?? null),
      ip,
      // A TLS-only node lists `tls-port` alone; a plain client can only try it.
      port: options.tls === true ? (tlsPort ?? port) : port || tlsPort,
      role: textOf(node.get('role')) === 'master' ? 'primary' : 'replica',
      health: healthOf(textOf(node.get('health'))),
    },
    options,
  );
}

/** Anything but `online` and `loading` counts as failed: no reads go to a node in a state we do not know. */
function healthOf(health: string | undefined): NodeView['health'] {
  if (health === 'online' || health === 'loading') return health;
  return 'failed';
}

function pickPrimary(nodes: readonly NodeView[]): NodeView | undefined {
  let first: NodeView | undefined;
  for (const node of nodes) {
    if (node.role !== 'primary') continue;
    if (node.health === 'online') return node;
    first ??= node;
  }
  return first;
}
