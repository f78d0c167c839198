/**
 * redwire's `createCluster` from `@redwire/cluster` (resolved to its TypeScript source), with its
 * defaults. Loaded on its own by contenders.ts, so the peers still run while the package is in
 * flux.
 */

import { createCluster } from '@redwire/cluster';
import { FirstError } from '../lib/clients/contract.js';
import { record } from '../lib/clients/pipeline-builder.js';
import { type ClusterClient, type ClusterContender, REDWIRE_TAGGED } from './contract.js';

export const redwire: ClusterContender = {
  name: 'redwire',
  source: '@redwire/cluster createCluster (workspace source, defaults)',
  // Cross-slot MGET is split per slot and pipelines span nodes: every workload, keys as they are.
  oneSlot: {},
  connect,
};

/**
 * The same client given the peers' hash-tagged keys, so that (2) and (3) also compare like with
 * like: one node, one slot, the same commands. It is not a peer; the table shows it apart.
 */
export const redwireTagged: ClusterContender = {
  name: REDWIRE_TAGGED,
  source: '@redwire/cluster createCluster again, given the hash-tagged keys the peers get',
  oneSlot: {
    pipeline:
      'not needed: given the peers’ one-slot pipeline on purpose, to compare like with like',
    mget: 'not needed: given the peers’ one-slot MGET on purpose, to compare like with like',
  },
  connect,
};

/** Discovers the cluster from `seeds`, with redwire's defaults. */
async function connect(seeds: Parameters<ClusterContender['connect']>[0]): Promise<ClusterClient> {
  const cluster = createCluster({ nodes: seeds });
  // Background failures (a topology refresh) are emitted only to listeners.
  const errors = FirstError.of(cluster);
  await cluster.connect();
  return {
    get: (key) => cluster.get(key),
    set: (key, value) => cluster.set(key, value),
    mget: (keys) => cluster.mget(...keys),
    pipeline: (commands) => record(cluster.pipeline(), commands).exec(),
    close: () => cluster.close(),
    failure: () => errors.error,
  };
}
