/**
 * What CLUSTER SHARDS and CLUSTER SLOTS have in common once read: the address a node is dialled
 * on, and a view in canonical form (ranges merged, shards by first slot, replicas by key), so
 * two replies describing the same cluster build equal views whatever their order.
 */
import { applyAddressMap, nodeKey } from './address.js';
import { normalizeRanges } from './slot-ranges.js';
import type { ClusterView, NodeAddress, NodeAddressMap, NodeView, SlotRange } from './types.js';

/** How a topology reply is read. */
export interface ViewOptions {
  /**
   * The address the reply was fetched from (as dialled). A node announced with an empty
   * endpoint (`cluster-preferred-endpoint-type unknown-endpoint`) is reached on this host, at
   * its own port.
   */
  readonly source?: NodeAddress | undefined;
  /** Whether nodes are dialled over TLS: CLUSTER SHARDS' `tls-port` is used then. @defaultValue `false` */
  readonly tls?: boolean | undefined;
  /** Applied to every announced address. */
  readonly nodeAddressMap?: NodeAddressMap | undefined;
}

/** A node as a reply announces it, before its address is settled. */
export interface AnnouncedNode {
  readonly id: string | undefined;
  /**
   * The preferred endpoint: a host, `''` or `null` ("the host you reached me on"), or `?`
   * (unknown: a node asked for hostnames that has none).
   */
  readonly endpoint: string | null;
  /** The node's IP, used when the endpoint is `?` (or empty with no `source`). */
  readonly ip: string | undefined;
  readonly port: number | undefined;
  readonly role: NodeView['role'];
  readonly health: NodeView['health'];
}

/**
 * The node as the client knows it, or `undefined` when no address can be made of what it
 * announced (such a node is left out of the view).
 */
export function toNodeView(node: AnnouncedNode, options: ViewOptions): NodeView | undefined {
  const host = hostOf(node, options.source);
  if (host === undefined || node.port === undefined || node.port <= 0) return undefined;
  const address = applyAddressMap(options.nodeAddressMap, { host, port: node.port });
  return {
    id: node.id,
    address,
    key: nodeKey(address),
    role: node.role,
    health: node.health,
  };
}

function hostOf(node: AnnouncedNode, source: NodeAddress | undefined): string | undefined {
  const usableIp = node.ip !== undefined && node.ip !== '' && node.ip !== '?' ? node.ip : undefined;
  if (node.endpoint === '?') return usableIp;
  if (node.endpoint === null || node.endpoint === '') return source?.host ?? usableIp;
  return node.endpoint;
}

/** One shard as read, before it is put in canonical form. */
export interface ShardDraft {
  readonly slots: readonly SlotRange[];
  readonly primary: NodeView;
  readonly replicas: readonly NodeView[];
}

/**
 * The view in canonical form: drafts with the same primary merged, ranges normalised, shards
 * without slots dropped, shards ordered by first slot and replicas by key (without duplicates
 * and without the primary itself).
 */
export function buildView(drafts: readonly ShardDraft[]): ClusterView {
  const byPrimary = new Map<
    string,
    { primary: NodeView; slots: SlotRange[]; replicas: NodeView[] }
  >();
  for (const draft of drafts) {
    const known = byPrimary.get(draft.primary.key);
    if (known === undefined) {
      byPrimary.set(draft.primary.key, {
        primary: draft.primary,
        slots: [...draft.slots],
        replicas: [...draft.replicas],
      });
    } else {
      known.slots.push(...draft.slots);
      known.replicas.push(...draft.replicas);
    }
  }
  const shards = [];
  for (const { primary, slots, replicas } of byPrimary.values()) {
    const ranges = normalizeRanges(slots);
    if (ranges.length === 0) continue;
    const unique = new Map<string, NodeView>();
    for (const replica of replicas) {
      if (replica.key !== primary.key && !unique.has(replica.key)) unique.set(replica.key, replica);
    }
    const sorted = [...unique.values()].sort((a, b) => compareText(a.key, b.key));
    shards.push({ slots: ranges, primary, replicas: sorted });
  }
  shards.sort((a, b) => (a.slots[0]?.start ?? 0) - (b.slots[0]?.start ?? 0));
  return { shards };
}

/** Plain code-unit order, the same in every locale. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
