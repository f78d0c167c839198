/** ioredis 5 on one connection, as shipped and with automatic pipelining switched on. */

import { Redis } from 'ioredis';
import { packageVersion } from '../package-version.js';
import {
  type ClientContender,
  ContenderFailure,
  FirstError,
  type PipeliningClient,
} from './contract.js';
import { record } from './pipeline-builder.js';

const version = packageVersion('ioredis');

function ioredis(name: string, enableAutoPipelining: boolean): ClientContender<PipeliningClient> {
  return {
    name,
    source: `ioredis ${version} (enableAutoPipelining: ${enableAutoPipelining})`,
    async connect({ host, port }) {
      // lazyConnect, so connect() below is the one place a failure to connect surfaces.
      const redis = new Redis({ host, port, lazyConnect: true, enableAutoPipelining });
      // ioredis reports socket errors as events and reconnects on its own.
      const errors = FirstError.of(redis);
      await redis.connect();
      return {
        get: (key) => redis.get(key),
        set: (key, value) => redis.set(key, value),
        mget: (keys) => redis.mget(...keys),
        pipeline: async (commands) => unwrapExec(await record(redis.pipeline(), commands).exec()),
        close: async () => {
          await redis.quit();
        },
        failure: () => errors.error,
      };
    },
  };
}

/**
 * The replies of ioredis's `pipeline()…exec()` (a `Redis`'s or a `Cluster`'s), which pairs
 * every reply with its error: unwrapped, throwing the first error.
 */
export function unwrapExec(results: [error: Error | null, reply: unknown][] | null): unknown[] {
  if (results === null) throw new ContenderFailure('pipeline.exec() resolved null');
  return results.map(([error, reply]) => {
    if (error !== null) throw error;
    return reply;
  });
}

/** Default: every command is written to the socket as soon as it is called. */
export const ioredisDefault = ioredis('ioredis', false);

/** Commands called in the same tick go out in one write (one pipeline per tick). */
export const ioredisAutoPipelined = ioredis('ioredis auto-pipelined', true);
