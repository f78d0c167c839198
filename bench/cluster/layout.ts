/**
 * Where the workloads' keys live in the cluster under test, asked of the cluster itself
 * (`CLUSTER KEYSLOT`, and the slot ranges of its primaries), and the preload that writes the
 * keys the workloads read before anyone reads them.
 */

import {
  type LocalCluster,
  RespClient,
  type ServerAddress,
  sendCommand,
} from '@redwire/test-harness/servers';
import { paddedValue } from '../lib/mixed-workload.js';

/** How one set of keys spreads over the cluster. */
export interface KeySpread {
  readonly keys: number;
  readonly slots: number;
  /** Keys per primary, in port order. */
  readonly perPrimary: readonly number[];
}

/** The primaries of a freshly created cluster and the slot → primary table. */
export interface ClusterLayout {
  readonly primaries: readonly ServerAddress[];
  /** Index into `primaries` for every slot. */
  readonly owner: Uint8Array;
  /** Slot of every key asked about so far. */
  readonly slotOf: ReadonlyMap<string, number>;
}

const SLOT_COUNT = 16_384;

/** Reads the primaries' slot ranges and asks a node for the slot of every key in `keys`. */
export async function readLayout(
  cluster: LocalCluster,
  keys: readonly string[],
): Promise<ClusterLayout> {
  const { nodes, baseline } = cluster.setup;
  const owner = new Uint8Array(SLOT_COUNT);
  const primaries = baseline.shards.map((shard, index) => {
    for (const { start, end } of shard.slots) owner.fill(index, start, end + 1);
    const node = nodes.find((each) => each.id === shard.primaryId);
    if (node === undefined) throw new Error(`primary ${shard.primaryId} is not a known node`);
    return { host: node.host, port: node.port };
  });
  const client = await RespClient.connect(primaries[0]!);
  try {
    // One connection, every request in flight at once: ten thousand round trips take a blink.
    const slots = await Promise.all(keys.map((key) => client.command(['CLUSTER', 'KEYSLOT', key])));
    const slotOf = new Map(keys.map((key, index) => [key, Number(slots[index])]));
    return { primaries, owner, slotOf };
  } finally {
    client.close();
  }
}

export function spread(layout: ClusterLayout, keys: readonly string[]): KeySpread {
  const slots = new Set(keys.map((key) => slotFor(layout, key)));
  const perPrimary = layout.primaries.map(() => 0);
  for (const key of keys) perPrimary[layout.owner[slotFor(layout, key)]!]!++;
  return { keys: keys.length, slots: slots.size, perPrimary };
}

/**
 * SETs every key of `keys` to `paddedValue(labelOf(key))` on the primary that owns it, then
 * checks that the primaries hold exactly that many keys: the workloads' reply checks then know
 * every value.
 */
export async function preloadKeys(
  layout: ClusterLayout,
  keys: readonly string[],
  labelOf: (key: string) => string,
): Promise<void> {
  const clients = await Promise.all(layout.primaries.map((address) => RespClient.connect(address)));
  try {
    await Promise.all(
      keys.map((key) => {
        const client = clients[layout.owner[slotFor(layout, key)]!]!;
        return client.command(['SET', key, paddedValue(labelOf(key))]);
      }),
    );
  } finally {
    for (const client of clients) client.close();
  }
  const sizes = await Promise.all(
    layout.primaries.map((address) => sendCommand(address, ['DBSIZE'])),
  );
  const total = sizes.reduce<number>((sum, size) => sum + Number(size), 0);
  if (total !== keys.length) throw new Error(`preload left ${total} keys, not ${keys.length}`);
}

/** The slot `readLayout` was told `key` is in; throws for a key it was not asked about. */
export function slotFor(layout: ClusterLayout, key: string): number {
  const slot = layout.slotOf.get(key);
  if (slot === undefined) throw new Error(`no slot asked for ${key}`);
  return slot;
}
