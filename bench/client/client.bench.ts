/**
 * The client API on four workloads (one command in flight, 100 concurrent workers, a
 * 1,000-command pipeline, 1 MiB values): redwire's `createClient` against ioredis and
 * node-redis, one connection each, against a redis-server started for the run. Verifies every
 * client before timing it.
 */

import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import type { PipeliningClient } from '../lib/clients/contract.js';
import { describeMachine } from '../lib/machine.js';
import { type MeteredWork, measureWorkloads } from '../lib/metered-contender.js';
import { preload } from '../lib/mixed-workload.js';
import { showSection } from '../lib/results-file.js';
import { soleServer } from '../lib/server-load.js';
import { withServerRun } from '../lib/server-run.js';
import { concurrent } from './concurrent.js';
import { loadContenders } from './contenders.js';
import { largeValue } from './large-value.js';
import { latency } from './latency.js';
import { pipeline } from './pipeline.js';
import { clientSection } from './report.js';
import { verifyPipeliningClient } from './verify.js';
import type { ClientRun, ClientWorkload } from './workload.js';

export const benchmark: Benchmark = {
  description:
    'the client API (latency, 100 workers, pipeline, 1 MiB): redwire vs ioredis and node-redis',
  run,
};

const WORKLOADS: readonly ClientWorkload[] = [latency, concurrent, pipeline, largeValue];

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen(await loadContenders(), options);
  const setup = {
    prepare: preload,
    verify: ({ name }: { name: string }, client: PipeliningClient) =>
      verifyPipeliningClient(name, client),
  };
  await withServerRun(contenders, setup, async ({ server, serverVersion, clients }) => {
    const results = await measureWorkloads(
      WORKLOADS,
      contenders,
      (workload, { name }, index) => workOf(workload, name, clients[index]!),
      soleServer(server),
      options,
    );
    const section = clientSection(results, {
      machine: describeMachine(),
      serverVersion,
      options,
      sources: contenders.map((contender) => contender.source),
    });
    showSection('client', section, options.write);
  });
}

/** One client on one workload. */
function workOf(
  workload: ClientWorkload,
  name: string,
  client: PipeliningClient,
): MeteredWork<ClientRun> {
  return {
    name,
    run: (budgetMs) => workload.run(name, client, budgetMs),
    failure: () => client.failure(),
  };
}
