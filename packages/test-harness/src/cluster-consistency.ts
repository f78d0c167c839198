import type { ClusterNodeInfo } from './cluster-nodes.js';
import { SLOT_COUNT } from './key-slot.js';

/** What one node said when asked about the cluster. */
export interface NodeSnapshot {
  /** `host:port` of the node asked, for messages. */
  readonly address: string;
  /** The id this node must have (from setup), or `null` when unknown. */
  readonly expectedId: string | null;
  /** CLUSTER INFO, parsed. */
  readonly clusterInfo: Readonly<Record<string, string>>;
  /** CLUSTER NODES, parsed. */
  readonly nodes: readonly ClusterNodeInfo[];
  /** INFO replication, parsed. */
  readonly replication: Readonly<Record<string, string>>;
}

/** What a consistent cluster looks like right now. */
export interface ConsistencyExpectation {
  /** How many nodes every node must know. */
  readonly nodeCount: number;
  /**
   * Ids of nodes whose process is paused or dead on purpose. They are not asked, must be marked
   * `fail` by every other node, and may own no slot.
   */
  readonly down: ReadonlySet<string>;
  /**
   * Replicas each primary must have; checked, together with "every primary owns slots", only
   * when no node is down.
   */
  readonly replicasPerPrimary: number;
}

/**
 * Decides whether the answering nodes agree on one healthy cluster: `cluster_state:ok`
 * everywhere, the same owner for each of the 16384 slots (none unowned, none owned by a down
 * node, none half-migrated), the same role and primary for every node, no failure flags but on
 * down nodes, and every replica's link to its primary up.
 *
 * @returns `null` when consistent, else the first reason found (shown when a wait times out).
 */
export function checkClusterConsistency(
  snapshots: readonly NodeSnapshot[],
  expectation: ConsistencyExpectation,
): string | null {
  for (const snapshot of snapshots) {
    const reason = checkOneView(snapshot, expectation);
    if (reason !== null) return reason;
  }
  const [first, ...others] = snapshots;
  if (first === undefined) return 'no node answered';
  const reference = slotOwners(first);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const owner = reference[slot];
    if (owner === undefined) return `slot ${slot} has no owner in ${first.address}'s view`;
    if (expectation.down.has(owner)) return `slot ${slot} is still owned by down node ${owner}`;
  }
  for (const other of others) {
    const owners = slotOwners(other);
    const slot = reference.findIndex((owner, index) => owners[index] !== owner);
    if (slot !== -1) {
      return `${first.address} and ${other.address} disagree on the owner of slot ${slot} (${reference[slot]} vs ${owners[slot]})`;
    }
    const roleReason = compareRoles(first, other);
    if (roleReason !== null) return roleReason;
  }
  return expectation.down.size === 0 ? checkShape(first, expectation.replicasPerPrimary) : null;
}

function checkOneView(snapshot: NodeSnapshot, expectation: ConsistencyExpectation): string | null {
  const { address } = snapshot;
  const state = snapshot.clusterInfo.cluster_state;
  if (state !== 'ok') return `${address} reports cluster_state:${state ?? 'missing'}`;
  if (snapshot.nodes.length !== expectation.nodeCount) {
    return `${address} knows ${snapshot.nodes.length} nodes, expected ${expectation.nodeCount}`;
  }
  for (const node of snapshot.nodes) {
    if (node.myself) {
      if (snapshot.expectedId !== null && node.id !== snapshot.expectedId) {
        return `${address} has node id ${node.id}, expected ${snapshot.expectedId} (nodes.conf lost?)`;
      }
      const open = [...node.migrating, ...node.importing][0];
      if (open !== undefined)
        return `${address} still has slot ${open.slot} open (migrating or importing)`;
      if (node.role === 'replica' && snapshot.replication.master_link_status !== 'up') {
        return `${address} is a replica whose link to its primary is ${snapshot.replication.master_link_status ?? 'missing'}`;
      }
      continue;
    }
    if (expectation.down.has(node.id)) {
      if (!node.flags.includes('fail'))
        return `${address} has not marked down node ${node.id} as fail yet`;
      continue;
    }
    const bad = node.flags.find((flag) => ['fail', 'fail?', 'handshake', 'noaddr'].includes(flag));
    if (bad !== undefined)
      return `${address} flags ${node.host}:${node.port} (${node.id}) as ${bad}`;
    if (node.linkState !== 'connected')
      return `${address} has no link to ${node.host}:${node.port}`;
  }
  return null;
}

function slotOwners(snapshot: NodeSnapshot): (string | undefined)[] {
  const owners = new Array<string | undefined>(SLOT_COUNT).fill(undefined);
  for (const node of snapshot.nodes) {
    for (const range of node.slots) owners.fill(node.id, range.start, range.end + 1);
  }
  return owners;
}

function compareRoles(first: NodeSnapshot, other: NodeSnapshot): string | null {
  const roles = new Map(first.nodes.map((node) => [node.id, describeRole(node)]));
  for (const node of other.nodes) {
    const expected = roles.get(node.id);
    if (expected !== describeRole(node)) {
      return `${first.address} sees ${node.id} as ${expected ?? 'unknown'}, ${other.address} as ${describeRole(node)}`;
    }
  }
  return null;
}

function describeRole(node: ClusterNodeInfo): string {
  return node.role === 'replica' ? `replica of ${node.primaryId}` : 'primary';
}

function checkShape(snapshot: NodeSnapshot, replicasPerPrimary: number): string | null {
  for (const primary of snapshot.nodes) {
    if (primary.role !== 'primary') continue;
    // A primary left without slots is mid-way to becoming a replica (a restarted old primary).
    if (primary.slots.length === 0) return `primary ${primary.host}:${primary.port} owns no slots`;
    const replicas = snapshot.nodes.filter((node) => node.primaryId === primary.id).length;
    if (replicas !== replicasPerPrimary) {
      return `primary ${primary.host}:${primary.port} has ${replicas} replicas, expected ${replicasPerPrimary}`;
    }
  }
  return null;
}
