/**
 * Connection throughput: 100 concurrent workers doing GET/SET through ONE connection of each
 * client, against a redis-server started for the run. Verifies every client before timing it.
 */

import { parseInfo, type RedisServer, sendTextCommand } from '@redwire/test-harness/servers';
import { withBenchServer } from '../lib/bench-server.js';
import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import type { ClientContender, KeyValueClient } from '../lib/clients/contract.js';
import { verifyClient } from '../lib/clients/verify.js';
import { describeMachine } from '../lib/machine.js';
import { measureInterleavedAsync, median, type TimedContender } from '../lib/measure.js';
import { preload, runWorkload } from '../lib/mixed-workload.js';
import { writeResultsSection } from '../lib/results-file.js';
import { type CpuShare, checkServerCount, startLoadMeter } from '../lib/server-load.js';
import { loadContenders } from './contenders.js';
import { type ContenderResult, connectionSection } from './report.js';

export const benchmark: Benchmark = {
  description: '100 workers doing GET/SET on one connection: redwire vs ioredis and node-redis',
  run,
};

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen(await loadContenders(), options);
  await withBenchServer((server) => measure(contenders, server, options));
}

async function measure(
  contenders: readonly ClientContender[],
  server: RedisServer,
  options: BenchOptions,
): Promise<void> {
  const clients: KeyValueClient[] = [];
  try {
    const info = parseInfo(await sendTextCommand(server.target, ['INFO', 'server']));
    const serverVersion = info.redis_version ?? 'unknown';
    console.log(`redis-server ${serverVersion} on port ${server.port} (pid ${server.pid()})`);
    await preload(server.address);

    for (const contender of contenders) {
      const client = await contender.connect(server.address);
      clients.push(client);
      await verifyClient(contender.name, client);
    }

    console.log('measuring …');
    const cpu = contenders.map((): CpuShare[] => []);
    const timed = contenders.map((contender, index) =>
      timedWorkload(contender, clients[index]!, server, cpu[index]!),
    );
    const measurements = await measureInterleavedAsync(timed, options);

    const results: ContenderResult[] = contenders.map((contender, index) => ({
      contender,
      measurement: measurements[index]!,
      // The first run of each contender is its warm-up; only the timed rounds count.
      cpu: medianShare(cpu[index]!.slice(1)),
    }));
    const section = connectionSection(results, {
      machine: describeMachine(),
      serverVersion,
      options,
    });
    console.log(`\n${section}\n`);
    if (options.write) {
      writeResultsSection('connection', section);
      console.log('wrote the connection section of bench/RESULTS.md');
    }
  } finally {
    // Close what opened; the server is stopped afterwards whatever happened, so a client that
    // fails to close cannot keep it alive.
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}

/** One contender as the measuring loop sees it; also checks and records each run's load. */
function timedWorkload(
  contender: ClientContender,
  client: KeyValueClient,
  server: RedisServer,
  shares: CpuShare[],
): TimedContender {
  return {
    name: contender.name,
    async runFor(budgetMs) {
      const stopMeter = await startLoadMeter(server);
      const { ops, seconds } = await runWorkload(contender.name, client, budgetMs);
      const load = await stopMeter();
      checkServerCount(contender.name, ops, load);
      shares.push(load.cpu);
      return ops / seconds;
    },
  };
}

function medianShare(shares: readonly CpuShare[]): CpuShare {
  return {
    server: median(shares.map((share) => share.server)),
    client: median(shares.map((share) => share.client)),
  };
}
