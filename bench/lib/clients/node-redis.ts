/** node-redis 6 (`redis`): one client, which already batches the commands of a tick. */

import { createRequire } from 'node:module';
import { createClient } from 'redis';
import { type ClientContender, FirstError, type PipeliningClient } from './contract.js';

const { version } = createRequire(import.meta.url)('redis/package.json') as { version: string };

export const nodeRedis: ClientContender<PipeliningClient> = {
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
      async pipeline(commands) {
        // node-redis has no pipeline() of its own: a multi() sent with execAsPipeline() is its
        // documented pipeline (the commands without MULTI/EXEC around them). Each call returns
        // the same batch with a wider type, so it is not reassigned.
        const batch = client.multi();
        for (const command of commands) {
          if (command[0] === 'SET') batch.set(command[1], command[2]);
          else batch.get(command[1]);
        }
        return batch.execAsPipeline();
      },
      close: () => client.close(),
      failure: () => errors.error,
    };
  },
};
