/**
 * `CLUSTER SLOTS` → {@link ClusterView}: the fallback for servers before 7.0 and for nodes that
 * refuse CLUSTER SHARDS. Each entry is `[start, end, primary, ...replicas]` and each node
 * `[endpoint, port, id?, metadata?]` (the id since Redis 4.0; metadata since 7.0, a map such as
 * `{ ip, hostname }`, flat under RESP2). The ranges of one primary are grouped into one shard.
 */
import type { RespValue } from '@redwire/protocol';
import { arrayOf, fieldsOf, integerOf, textOf, unexpectedReply } from './resp-fields.js';
import { isSlot } from './slot-ranges.js';
import type { ClusterView, NodeView } from './types.js';
import { buildView, type ShardDraft, toNodeView, type ViewOptions } from './view-builder.js';

/**
 * Reads a `CLUSTER SLOTS` reply.
 *
 * - The endpoint may be `''` or `null` (`unknown-endpoint`: the node is reached on the `source`
 *   host, at its own port) or `?` (a node asked for hostnames that has none: its metadata `ip`
 *   is used when given, else the node is left out, and a range whose primary is left out is
 *   left out too, so its slots show as uncovered).
 * - The port is the one for the connection that asked (Redis answers a TLS connection with TLS
 *   ports), so `tls` changes nothing here. `nodeAddressMap` applies to every address.
 * - CLUSTER SLOTS does not list failed replicas and says nothing of health: every node listed
 *   is `online`.
 *
 * @throws RedisError (`REDWIRE_UNEXPECTED_REPLY`) when the reply does not have this shape
 */
export function parseSlots(reply: RespValue, options: ViewOptions = {}): ClusterView {
  const drafts: ShardDraft[] = [];
  for (const [index, value] of arrayOf(reply, 'CLUSTER SLOTS').entries()) {
    const entry = arrayOf(value, `slot range ${index}`);
    const start = integerOf(entry[0]);
    const end = integerOf(entry[1]);
    if (start === undefined || end === undefined || !isSlot(start) || !isSlot(end) || end < start) {
      throw unexpectedReply(`slot range ${index} has invalid bounds`);
    }
    if (entry.length < 3) throw unexpectedReply(`slot range ${index} names no primary`);
    const primary = readNode(entry[2] as RespValue, 'primary', index, options);
    if (primary === undefined) continue;
    const replicas: NodeView[] = [];
    for (const node of entry.slice(3)) {
      const replica = readNode(node, 'replica', index, options);
      if (replica !== undefined) replicas.push(replica);
    }
    drafts.push({ slots: [{ start, end }], primary, replicas });
  }
  return buildView(drafts);
}

function readNode(
  value: RespValue,
  role: NodeView['role'],
  index: number,
  options: ViewOptions,
): NodeView | undefined {
  const node = arrayOf(value, `a node of slot range ${index}`);
  const endpoint = node[0];
  const metadata = node[3] === undefined ? undefined : fieldsOf(node[3], 'node metadata');
  return toNodeView(
    {
      id: textOf(node[2]),
      endpoint: endpoint === null || endpoint === undefined ? null : (textOf(endpoint) ?? null),
      ip: textOf(metadata?.get('ip')),
      port: integerOf(node[1]),
      role,
      health: 'online',
    },
    options,
  );
}
