/**
 * The fault tests' workload: workers bound to one shard each, 80% GET / 20% SET on that shard's
 * keys, every operation recorded (when it started and ended, whether it failed), so a test can
 * say which errors the user saw, when, and how the healthy shards' rate held up.
 */
import { keySlot, type TestCluster } from '@redwire/test-harness';
import type { RedisCluster } from '../cluster.js';

export interface Operation {
  readonly shard: number;
  readonly write: boolean;
  readonly start: number;
  end: number;
  error: unknown;
}

export interface ShardKeys {
  /** The shard's first slot when the test began: it names the shard across a failover. */
  readonly slot: number;
  readonly keys: readonly string[];
}

/** `perShard` keys for each primary, chosen by where their slots live now. */
export async function keysPerShard(cluster: TestCluster, perShard: number): Promise<ShardKeys[]> {
  const primaries = (await cluster.clusterNodes()).filter((node) => node.role === 'primary');
  const shards = primaries.map((node) => ({
    ranges: node.slots,
    slot: node.slots[0]?.start ?? 0,
    keys: [] as string[],
  }));
  for (let i = 0; shards.some((s) => s.keys.length < perShard); i++) {
    const key = `load:${i}`;
    const slot = keySlot(key);
    const shard = shards.find((s) => s.ranges.some((r) => slot >= r.start && slot <= r.end));
    if (shard !== undefined && shard.keys.length < perShard) shard.keys.push(key);
  }
  return shards.map(({ slot, keys }) => ({ slot, keys }));
}

/** How the workers pace themselves. */
export interface WorkloadOptions {
  /**
   * A pause after each operation. Without one the workers saturate the CPU, and on a small
   * machine any work elsewhere (the harness polling the nodes, the servers' own failover)
   * lowers every shard's rate: a paced load measures whether one shard's trouble stalls the
   * others, which is what the rate assertions are about.
   */
  readonly thinkMs?: number;
}

/** Runs `workers` workers spread evenly over the shards until `stop()`. */
export function runWorkload(
  redis: RedisCluster,
  shards: readonly ShardKeys[],
  workers: number,
  options: WorkloadOptions = {},
) {
  const { thinkMs = 0 } = options;
  const operations: Operation[] = [];
  let running = true;
  const worker = async (shard: number) => {
    const { keys } = shards[shard] as ShardKeys;
    while (running) {
      const key = keys[Math.floor(Math.random() * keys.length)] as string;
      const write = Math.random() < 0.2;
      const op: Operation = { shard, write, start: performance.now(), end: 0, error: undefined };
      operations.push(op);
      try {
        if (write) await redis.set(key, String(op.start));
        else await redis.get(key);
      } catch (error) {
        op.error = error;
      }
      op.end = performance.now();
      if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs));
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, i) => worker(i % shards.length)));
  return {
    operations,
    async stop(): Promise<void> {
      running = false;
      await done;
    },
  };
}

/** Operations of the shards in `shards` completed per second within [from, to). */
export function rate(
  operations: readonly Operation[],
  shards: ReadonlySet<number>,
  from: number,
  to: number,
): number {
  let count = 0;
  for (const op of operations) {
    if (shards.has(op.shard) && op.end >= from && op.end < to && op.error === undefined) count++;
  }
  return (count * 1000) / (to - from);
}
