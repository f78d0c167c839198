/**
 * (1) The client benchmark's 100 concurrent workers (80% GET / 20% SET over `key:0`…`key:9999`,
 * lib/mixed-workload.ts), here through a cluster client: the keys spread over thousands of slots
 * on all three primaries, so every client routes every command. No client needs a hash tag.
 */

import { concurrent as clientConcurrent } from '../client/concurrent.js';
import { KEY_COUNT, WORKERS } from '../lib/mixed-workload.js';
import type { ClusterWorkload } from './workload.js';

export const concurrent: ClusterWorkload = {
  ...clientConcurrent,
  id: 'concurrent',
  title: `(1) ${WORKERS} workers over ${KEY_COUNT.toLocaleString('en-US')} keys`,
};
