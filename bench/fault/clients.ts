/**
 * The three cluster clients of the fault bench, each with its defaults and nothing else: what a
 * new user gets. Each is reduced to GET, SET and a forced close, and counts the errors it emits
 * as events (an unheard `error` event would crash the process).
 */

import type { ServerAddress } from '@redwire/test-harness/servers';
import { Cluster } from 'ioredis';
import { createCluster as createNodeRedisCluster } from 'redis';
import { packageVersion } from '../lib/package-version.js';

/** One connected client under test. */
export interface FaultClient {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  /** Drops every connection at once, rejecting what is still waiting (a hung client too). */
  destroy(): void;
  /** Errors emitted as events so far. */
  readonly eventErrors: () => number;
}

/** A client library as the bench runs it. */
export interface FaultContender {
  readonly name: string;
  /** Library, version and options, for the results header. */
  readonly source: string;
  connect(seeds: readonly ServerAddress[]): Promise<FaultClient>;
}

function counter(): { count: () => number; listener: () => void } {
  let errors = 0;
  return { count: () => errors, listener: () => void errors++ };
}

const redwire: FaultContender = {
  name: 'redwire',
  source: '@redwire/cluster createCluster (workspace source, defaults)',
  async connect(seeds) {
    // Loaded here, so a redwire in flux does not stop the peers' runs from loading.
    const { createCluster } = await import('@redwire/cluster');
    const cluster = createCluster({ nodes: [...seeds] });
    const errors = counter();
    cluster.on('error', errors.listener);
    await cluster.connect();
    return {
      get: (key) => cluster.get(key),
      set: (key, value) => cluster.set(key, value),
      destroy: () => cluster.destroy(),
      eventErrors: errors.count,
    };
  },
};

const ioredis: FaultContender = {
  name: 'ioredis',
  source: `ioredis ${packageVersion('ioredis')} Cluster (defaults)`,
  async connect(seeds) {
    const cluster = new Cluster([...seeds], { lazyConnect: true });
    const errors = counter();
    cluster.on('error', errors.listener);
    cluster.on('node error', errors.listener);
    await cluster.connect();
    return {
      get: (key) => cluster.get(key),
      set: (key, value) => cluster.set(key, value),
      destroy: () => cluster.disconnect(),
      eventErrors: errors.count,
    };
  },
};

const nodeRedis: FaultContender = {
  name: 'node-redis',
  source: `redis ${packageVersion('redis')} createCluster (defaults)`,
  async connect(seeds) {
    const cluster = createNodeRedisCluster({
      rootNodes: seeds.map(({ host, port }) => ({ socket: { host, port } })),
    });
    const errors = counter();
    cluster.on('error', errors.listener);
    await cluster.connect();
    return {
      get: (key) => cluster.get(key),
      set: (key, value) => cluster.set(key, value),
      destroy: () => void cluster.destroy(),
      eventErrors: errors.count,
    };
  },
};

/** In table order: the peers, then redwire. */
export const FAULT_CONTENDERS: readonly FaultContender[] = [ioredis, nodeRedis, redwire];
