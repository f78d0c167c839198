/**
 * redwire's `Connection` (resolved to its TypeScript source), which pipelines automatically.
 * Loaded on its own by contenders.ts, so the peers still run while the package is in flux.
 */

import { Connection } from '@redwire/connection';
import { type ClientContender, FirstError } from '../lib/clients/contract.js';

export const redwire: ClientContender = {
  name: 'redwire',
  source: '@redwire/connection (workspace source, defaults)',
  async connect({ host, port }) {
    const connection = new Connection({ host, port });
    // redwire emits 'error' only to listeners; listening makes a failure visible to the run.
    const errors = FirstError.of(connection);
    await connection.connect();
    return {
      get: (key) => connection.send(['GET', key]),
      set: (key, value) => connection.send(['SET', key, value]),
      close: () => connection.close(),
      failure: () => errors.error,
    };
  },
};
