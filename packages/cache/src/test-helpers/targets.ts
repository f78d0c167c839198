/**
 * The two kinds of server every cache integration test runs on: the harness's standalone server
 * and its six-node cluster. A target makes as many independent clients as a test wants (each
 * standing in for a process) and a fresh namespace, so tests never see each other's keys.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@redwire/client';
import { createCluster, type RedisCluster } from '@redwire/cluster';
import { getTestServers } from '@redwire/test-harness';
import { afterEach } from 'vitest';
import type { Cache } from '../cache.js';
import type { CacheRedis } from '../cache-redis.js';
import { createCache } from '../create-cache.js';
import type { CacheOptions } from '../options.js';

/** A client as the tests use it: what the cache needs, plus closing. */
export type TestRedis = CacheRedis & { close(): Promise<void>; destroy(): void };

/** One kind of server. */
export interface Target {
  readonly name: 'standalone' | 'cluster';
  /** A new client of its own (its own connections), as another process would have. */
  client(): TestRedis;
  /** Clients for each primary behind `client` (the client itself when standalone). */
  primaries(client: TestRedis): Promise<Pick<TestRedis, 'sendCommand'>[]>;
}

/** Standalone first, then the cluster. */
export const TARGETS: readonly Target[] = [
  {
    name: 'standalone',
    client: () => createClient({ ...getTestServers().standalone.address }),
    primaries: async (client) => [client],
  },
  {
    name: 'cluster',
    client: () => createCluster({ nodes: getTestServers().cluster.seeds() }),
    primaries: (client) => (client as unknown as RedisCluster).nodes('primary'),
  },
];

/** A namespace no other test uses. */
export function freshNamespace(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 20 ms until it holds or `ms` pass. @returns whether it held */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await delay(20);
  }
  return check();
}

/** A cache on a client of its own: one process. */
export interface OpenedCache {
  readonly cache: Cache;
  readonly client: TestRedis;
}

/**
 * A function that opens a cache on a new client of `target` (a process of its own); every cache
 * and client it opened is closed after each test.
 */
export function cachesOn(target: Target): (options?: CacheOptions) => OpenedCache {
  const opened: OpenedCache[] = [];
  afterEach(async () => {
    const all = opened.splice(0);
    await Promise.all(all.map(({ cache }) => cache.close()));
    // A test may have destroyed a client on purpose (a process that died).
    await Promise.all(all.map(({ client }) => client.close().catch(() => {})));
  });
  return (options = {}) => {
    const client = target.client();
    const cache = createCache(client, options);
    opened.push({ cache, client });
    return { cache, client };
  };
}
