/** node-redis 6 (`redis`): one client, which already batches the commands of a tick. */

import { createRequire } from 'node:module';
import { createClient } from 'redis';
import { type ClientContender, FirstError } from './client.js';

const { version } = createRequire(import.meta.url)('redis/package.json') as { version: string };

export const nodeRedis: ClientContender = {
  name: 'node-redis',
  source: `redis ${version} (createClient defaults)`,
  async connect({ host, port }) {
    const client = createClient({ socket: { host, port } });
    // node-redis reports socket errors as events and reconnects on its own.
    const errors = new FirstError();
    client.on('error', errors.listener);
    await client.connect();
    return {
      get: (key) => client.get(key),
      set: (key, value) => client.set(key, value),
      close: () => client.close(),
      failure: () => errors.error,
    };
  },
};
