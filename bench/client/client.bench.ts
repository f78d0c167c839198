/**
 * The client API on four workloads (one command in flight, 100 concurrent workers, a
 * 1,000-command pipeline, 1 MiB values): redwire's `createClient` against ioredis and
 * node-redis, one connection each, against a redis-server started for the run. Verifies every
 * client before timing it.
 */

import { parseInfo, type RedisServer, sendTextCommand } from '@redwire/test-harness/servers';
import { withBenchServer } from '../lib/bench-server.js';
import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import type { ClientContender, PipeliningClient } from '../lib/clients/contract.js';
import { ContenderFailure } from '../lib/clients/contract.js';
import { describeMachine } from '../lib/machine.js';
import { measureInterleavedAsync, type TimedContender } from '../lib/measure.js';
import { preload } from '../lib/mixed-workload.js';
import { writeResultsSection } from '../lib/results-file.js';
import { checkServerCount, startLoadMeter } from '../lib/server-load.js';
import { concurrent } from './concurrent.js';
import { loadContenders } from './contenders.js';
import { largeValue } from './large-value.js';
import { latency } from './latency.js';
import { pipeline } from './pipeline.js';
import { clientSection, type WorkloadResult } from './report.js';
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
  await withBenchServer((server) => measure(contenders, server, options));
}

async function measure(
  contenders: readonly ClientContender<PipeliningClient>[],
  server: RedisServer,
  options: BenchOptions,
): Promise<void> {
  const clients: PipeliningClient[] = [];
  try {
    const info = parseInfo(await sendTextCommand(server.target, ['INFO', 'server']));
    const serverVersion = info.redis_version ?? 'unknown';
    console.log(`redis-server ${serverVersion} on port ${server.port} (pid ${server.pid()})`);
    await preload(server.address);

    for (const contender of contenders) {
      const client = await contender.connect(server.address);
      clients.push(client);
      await verifyPipeliningClient(contender.name, client);
    }

    const results: WorkloadResult[] = [];
    for (const workload of WORKLOADS) {
      console.log(`measuring ${workload.title} …`);
      const runs = contenders.map((): ClientRun[] => []);
      const timed = contenders.map((contender, index) =>
        timedRun(workload, contender.name, clients[index]!, server, runs[index]!),
      );
      const measurements = await measureInterleavedAsync(timed, options);
      // The first run of each contender is its warm-up; only the timed rounds count.
      results.push({ workload, measurements, runs: runs.map((each) => each.slice(1)) });
    }

    const section = clientSection(results, {
      machine: describeMachine(),
      serverVersion,
      options,
      sources: contenders.map((contender) => contender.source),
    });
    console.log(`\n${section}\n`);
    if (options.write) {
      writeResultsSection('client', section);
      console.log('wrote the client section of bench/RESULTS.md');
    }
  } finally {
    // Close what opened; the server is stopped afterwards whatever happened, so a client that
    // fails to close cannot keep it alive.
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}

/** One client on one workload as the measuring loop sees it; also checks each run. */
function timedRun(
  workload: ClientWorkload,
  name: string,
  client: PipeliningClient,
  server: RedisServer,
  runs: ClientRun[],
): TimedContender {
  return {
    name,
    async runFor(budgetMs) {
      const stopMeter = await startLoadMeter(server);
      const result = await workload.run(name, client, budgetMs);
      checkServerCount(name, result.commands, await stopMeter());
      // An 'error' event or a reconnect during the run: it measured something else.
      const failure = client.failure();
      if (failure !== undefined) {
        throw new ContenderFailure(`${name}: ${failure.message}`, { cause: failure });
      }
      runs.push(result);
      return result.ops / result.seconds;
    },
  };
}
