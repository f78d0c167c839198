/**
 * What the cluster looks like from the client: shards (a primary, its replicas, the slot
 * ranges it serves) as one node reported them, and the addresses the client dials.
 */

/** Where a node is dialled: after `nodeAddressMap`, so always reachable from this process. */
export interface NodeAddress {
  readonly host: string;
  readonly port: number;
}

/** One node as a view reports it. */
export interface NodeView {
  /** The node's 40-character cluster id; `undefined` when the source gave none (CLUSTER SLOTS on old servers). */
  readonly id: string | undefined;
  /** The address to dial (mapped through `nodeAddressMap`). */
  readonly address: NodeAddress;
  /** `host:port` of `address`: the key nodes are known by in the client. */
  readonly key: string;
  readonly role: 'primary' | 'replica';
  /** CLUSTER SHARDS' health; `online` when the source does not say. */
  readonly health: 'online' | 'failed' | 'loading';
}

/** An inclusive range of hash slots. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

/** One shard: the slots it serves, its primary and its replicas. */
export interface ShardView {
  readonly slots: readonly SlotRange[];
  readonly primary: NodeView;
  readonly replicas: readonly NodeView[];
}

/** The whole cluster as one node described it. */
export interface ClusterView {
  /** Shards that serve at least one slot, ordered by their first slot. */
  readonly shards: readonly ShardView[];
}

/**
 * Maps an address a node announces to one this process can reach (Docker, NAT): a record keyed
 * by `host:port`, or a function. Unmapped addresses are used as announced.
 */
export type NodeAddressMap =
  | Readonly<Record<string, NodeAddress>>
  | ((announced: NodeAddress) => NodeAddress | undefined);

/** What changed between two views: the payload of the cluster's `topology` event. */
export interface TopologyChange {
  /** Node keys (`host:port`) that appeared. */
  readonly added: readonly string[];
  /** Node keys that are gone. */
  readonly removed: readonly string[];
  /**
   * Node keys that became primaries in a failover: no primary before, they now serve slots whose
   * primary is gone, failed or a replica. A node the previous view did not list is in `added`
   * too. A migration between primaries promotes no one.
   */
  readonly promoted: readonly string[];
  /** How many of the 16384 slots now have a different primary. */
  readonly movedSlots: number;
  /** Those slots as ranges, each with its primary before and after (`undefined`: none). */
  readonly moves: readonly SlotMove[];
}

/** Slots `start` to `end` (inclusive) that went from one primary to another. */
export interface SlotMove {
  readonly start: number;
  readonly end: number;
  /** The primary before (`host:port`), or `undefined` when none served them. */
  readonly from: string | undefined;
  /** The primary now, or `undefined` when none serves them. */
  readonly to: string | undefined;
}
