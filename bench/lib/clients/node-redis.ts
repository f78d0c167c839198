/** node-redis 6 (`redis`): one client, which already batches the commands of a tick. */

import { createClient } from 'redis';
import { packageVersion } from '../package-version.js';
import { type ClientContender, FirstError, type PipeliningClient } from './contract.js';
import { record } from './pipeline-builder.js';

const version = packageVersion('redis');

export const nodeRedis: ClientContender<PipeliningClient> = {
  name: 'node-redis',
  source: `redis ${version} (createClient defaults)`,
  async connect({ host, port }) {
    const client = createClient({ socket: { host, port } });
    // node-redis reports socket errors as events and reconnects on its own.
    const errors = FirstError.of(client);
    await client.connect();
    return {
      get: (key) => client.get(key),
      set: (key, value) => client.set(key, value),
      mget: (keys) => client.mGet([...keys]),
      // node-redis has no pipeline() of its own: a multi() sent with execAsPipeline() is its
      // documented pipeline (the commands without MULTI/EXEC around them).
      pipeline: (commands) => record(client.multi(), commands).execAsPipeline(),
      close: () => client.close(),
      failure: () => errors.error,
    };
  },
};
