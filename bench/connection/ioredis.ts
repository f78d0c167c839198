/** ioredis 5 on one connection, as shipped and with automatic pipelining switched on. */

import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { type ClientContender, FirstError } from './client.js';

const { version } = createRequire(import.meta.url)('ioredis/package.json') as { version: string };

function ioredis(name: string, enableAutoPipelining: boolean): ClientContender {
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
        close: async () => {
          await redis.quit();
        },
        failure: () => errors.error,
      };
    },
  };
}

/** Default: every command is written to the socket as soon as it is called. */
export const ioredisDefault = ioredis('ioredis', false);

/** Commands called in the same tick go out in one write (one pipeline per tick). */
export const ioredisAutoPipelined = ioredis('ioredis auto-pipelined', true);
