/** ioredis 5 on one connection, as shipped and with automatic pipelining switched on. */

import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import {
  type ClientContender,
  ContenderFailure,
  FirstError,
  type PipelineCommand,
  type PipeliningClient,
} from './contract.js';

const { version } = createRequire(import.meta.url)('ioredis/package.json') as { version: string };

function ioredis(name: string, enableAutoPipelining: boolean): ClientContender<PipeliningClient> {
  return {
    name,
    source: `ioredis ${version} (enableAutoPipelining: ${enableAutoPipelining})`,
    async connect({ host, port }) {
      // lazyConnect, so connect() below is the one place a failure to connect surfaces.
      const redis = new Redis({ host, port, lazyConnect: true, enableAutoPipelining });
      // ioredis reports socket errors as events and reconnects on its own.
      const errors = new FirstError();
      redis.on('error', errors.listener);
      await redis.connect();
      return {
        get: (key) => redis.get(key),
        set: (key, value) => redis.set(key, value),
        pipeline: (commands) => runPipeline(redis, commands),
        close: async () => {
          await redis.quit();
        },
        failure: () => errors.error,
      };
    },
  };
}

/** `redis.pipeline()…exec()`, whose result pairs every reply with its error: unwrapped here. */
async function runPipeline(redis: Redis, commands: readonly PipelineCommand[]): Promise<unknown[]> {
  const pipeline = redis.pipeline();
  for (const command of commands) {
    if (command[0] === 'SET') pipeline.set(command[1], command[2]);
    else pipeline.get(command[1]);
  }
  const results = await pipeline.exec();
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
