/**
 * `scanIterator` on a cluster: SCAN on every shard's primary in turn. What is promised: every
 * key present for the whole scan, in a slot that stays on its shard, is yielded at least once;
 * when a shard's primary fails mid-scan, that shard's scan starts again on its new primary
 * (its keys may then be yielded twice, never endlessly: at most `MAX_SHARD_RESTARTS` times). Keys
 * in slots migrated between shards during the scan may be missed or repeated, as with SCAN on
 * one server during a rehash.
 */
import { performance } from 'node:perf_hooks';
import { type ScanIteratorOptions, type ScanValue, scanKeys } from '@redwire/client';
import { ConnectionError } from '@redwire/connection';
import type { ClusterCore } from './cluster-core.js';
import { clientOf } from './node-send.js';

/** How many times one shard's scan is started again after its node failed. */
const MAX_SHARD_RESTARTS = 3;

export async function* scanCluster<V extends ScanValue>(
  core: ClusterCore,
  returnBuffers: boolean,
  options: ScanIteratorOptions = {},
): AsyncGenerator<V, void, undefined> {
  const map = await core.topology.ready();
  // A shard is named by its first slot: its primary may change under us, its slots stay.
  const shards = map.shards().map((shard) => shard.slots[0]?.start ?? 0);
  for (const slot of shards) {
    for (let restart = 0; ; restart++) {
      const owner = (core.topology.map ?? map).primaryFor(slot);
      if (owner === undefined) break;
      try {
        yield* scanKeys<V>(clientOf(core, owner.address, returnBuffers), options);
        break;
      } catch (error) {
        if (!(error instanceof ConnectionError) || restart >= MAX_SHARD_RESTARTS || core.closed)
          throw error;
        await ownerRecovered(core, slot, owner.key);
      }
    }
  }
}

/** Waits (refreshing the map) until the shard has a reachable primary again, within a bound. */
async function ownerRecovered(core: ClusterCore, slot: number, failed: string): Promise<void> {
  // Twice the command timeout: a failover takes node-timeout plus an election.
  const until = performance.now() + 2 * (core.options.commandTimeout || 5_000);
  while (performance.now() < until && !core.closed) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const map = await core.topology.refresh().catch(() => undefined);
    const owner = map?.primaryFor(slot);
    if (owner !== undefined && (owner.key !== failed || core.nodes.isHealthy(owner.key))) return;
  }
}
