/**
 * Connection throughput: 100 concurrent workers doing GET/SET through ONE connection of each
 * client, against a redis-server started for the run. Verifies every client before timing it.
 */

import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import type { KeyValueClient } from '../lib/clients/contract.js';
import { verifyClient } from '../lib/clients/verify.js';
import { describeMachine } from '../lib/machine.js';
import { type MeteredRun, type MeteredWork, measureMetered } from '../lib/metered-contender.js';
import { preload, runWorkload } from '../lib/mixed-workload.js';
import { showSection } from '../lib/results-file.js';
import { soleServer } from '../lib/server-load.js';
import { withServerRun } from '../lib/server-run.js';
import { loadContenders } from './contenders.js';
import { connectionSection } from './report.js';

export const benchmark: Benchmark = {
  description: '100 workers doing GET/SET on one connection: redwire vs ioredis and node-redis',
  run,
};

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen(await loadContenders(), options);
  const setup = {
    prepare: preload,
    verify: ({ name }: { name: string }, client: KeyValueClient) => verifyClient(name, client),
  };
  await withServerRun(contenders, setup, async ({ server, serverVersion, clients }) => {
    console.log('measuring …');
    const measured = await measureMetered(
      contenders,
      (contender, index) => workOf(contender.name, clients[index]!),
      soleServer(server),
      options,
    );
    const results = contenders.map((contender, index) => ({ contender, ...measured[index]! }));
    const section = connectionSection(results, {
      machine: describeMachine(),
      serverVersion,
      options,
    });
    showSection('connection', section, options.write);
  });
}

/** The 100 workers on one client; runWorkload checks the client's failure() itself. */
function workOf(name: string, client: KeyValueClient): MeteredWork<MeteredRun> {
  return {
    name,
    async run(budgetMs) {
      const { ops, seconds } = await runWorkload(name, client, budgetMs);
      return { ops, seconds, commands: ops };
    },
  };
}
