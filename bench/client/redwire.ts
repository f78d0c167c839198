/**
 * redwire's `createClient` from `@redwire/client` (resolved to its TypeScript source): the
 * typed methods and `pipeline()` an application calls, not the bare connection. Loaded on
 * its own by contenders.ts, so the peers still run while the package is in flux.
 */

import { createClient } from '@redwire/client';
import {
  type ClientContender,
  FirstError,
  type PipeliningClient,
} from '../lib/clients/contract.js';
import { record } from '../lib/clients/pipeline-builder.js';

export const redwire: ClientContender<PipeliningClient> = {
  name: 'redwire',
  source: '@redwire/client createClient (workspace source, defaults)',
  async connect({ host, port }) {
    const redis = createClient({ host, port });
    // The client forwards 'error' only to listeners; listening makes a failure visible to the run.
    const errors = FirstError.of(redis);
    await redis.connect();
    return {
      get: (key) => redis.get(key),
      set: (key, value) => redis.set(key, value),
      mget: (keys) => redis.mget(...keys),
      pipeline: (commands) => record(redis.pipeline(), commands).exec(),
      close: () => redis.close(),
      failure: () => errors.error,
    };
  },
};
