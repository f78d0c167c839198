/**
 * The peers' cluster clients: ioredis `Cluster` as shipped and with automatic pipelining, and
 * node-redis `createCluster`, each with its defaults (reads and writes on the primaries).
 */

import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { FirstError } from '../lib/clients/contract.js';
import { unwrapExec } from '../lib/clients/ioredis.js';
import { record } from '../lib/clients/pipeline-builder.js';
import { packageVersion } from '../lib/package-version.js';
import type { ClusterContender } from './contract.js';

const ioredisVersion = packageVersion('ioredis');
const nodeRedisVersion = packageVersion('redis');

// What each library does with keys that span slots, checked by hand against these versions.
const IOREDIS_PIPELINE =
  'ioredis rejects a pipeline whose keys are not all served by one node ("All keys in the ' +
  'pipeline should belong to the same slots allocation group")';
const IOREDIS_MGET = 'ioredis sends MGET whole to one node, which answers CROSSSLOT';

function ioredis(name: string, enableAutoPipelining: boolean): ClusterContender {
  return {
    name,
    source: `ioredis ${ioredisVersion} Cluster (enableAutoPipelining: ${enableAutoPipelining})`,
    oneSlot: { pipeline: IOREDIS_PIPELINE, mget: IOREDIS_MGET },
    async connect(seeds) {
      // lazyConnect, so connect() below is the one place a failure to connect surfaces.
      const cluster = new Cluster([...seeds], { lazyConnect: true, enableAutoPipelining });
      // ioredis reports node failures as events and reconnects on its own.
      const errors = FirstError.of(cluster);
      cluster.on('node error', errors.listener);
      await cluster.connect();
      return {
        get: (key) => cluster.get(key),
        set: (key, value) => cluster.set(key, value),
        mget: (keys) => cluster.mget(...keys),
        pipeline: async (commands) => unwrapExec(await record(cluster.pipeline(), commands).exec()),
        close: async () => {
          await cluster.quit();
        },
        failure: () => errors.error,
      };
    },
  };
}

/** Default: every command is written to its node as soon as it is called. */
export const ioredisDefault = ioredis('ioredis', false);

/** Commands called in the same tick go out in one write per node. */
export const ioredisAutoPipelined = ioredis('ioredis auto-pipelined', true);

export const nodeRedis: ClusterContender = {
  name: 'node-redis',
  source: `redis ${nodeRedisVersion} createCluster (defaults)`,
  // node-redis 6 splits MGET per slot itself (its multi_shard request policy), so it gets the
  // same keys as redwire there.
  oneSlot: {
    pipeline:
      'node-redis sends a whole pipeline to the node of its first key, and the other nodes’ ' +
      'keys come back MOVED',
  },
  async connect(seeds) {
    const cluster = createCluster({
      rootNodes: seeds.map(({ host, port }) => ({ socket: { host, port } })),
    });
    const errors = FirstError.of(cluster);
    await cluster.connect();
    return {
      get: (key) => cluster.get(key),
      set: (key, value) => cluster.set(key, value),
      mget: (keys) => cluster.mGet([...keys]),
      // Its pipeline is a multi() sent with execAsPipeline() (no MULTI/EXEC around it).
      pipeline: (commands) => record(cluster.multi(), commands).execAsPipeline(),
      close: () => cluster.close(),
      failure: () => errors.error,
    };
  },
};
