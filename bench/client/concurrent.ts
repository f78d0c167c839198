/**
 * (b) 100 concurrent workers, 80% GET / 20% SET: the connection benchmark's workload
 * (lib/mixed-workload.ts), here through each library's client API rather than a bare socket.
 */

import { runWorkload } from '../lib/mixed-workload.js';
import type { ClientWorkload } from './workload.js';

export const concurrent: ClientWorkload = {
  title: '(b) 100 workers, 80% GET / 20% SET',
  unit: 'ops/s',
  scale: 1,
  async run(name, client, budgetMs) {
    const { ops, seconds } = await runWorkload(name, client, budgetMs);
    return { ops, seconds, commands: ops };
  },
};
