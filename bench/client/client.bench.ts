/**
 * The client API on six workloads (one command in flight, 100 concurrent workers, a
 * 1,000-command pipeline, 1 MiB values one and ten in flight, a 100-key MGET): redwire's
 * `createClient` against ioredis and node-redis, one connection each, against a redis-server
 * started for the run, with each workload's wire floor (wire-floor.ts) in the same interleaved
 * rounds. Verifies every client, and the floor's reply bytes, before timing it.
 */

import { loadavg } from 'node:os';
import type { ServerAddress } from '@redwire/test-harness/servers';
import { type Benchmark, type BenchOptions, chosen, chosenRows } from '../lib/benchmark.js';
import type { ClientContender, PipeliningClient } from '../lib/clients/contract.js';
import { describeMachine } from '../lib/machine.js';
import { type MeteredWork, measureWorkloads } from '../lib/metered-contender.js';
import { preload } from '../lib/mixed-workload.js';
import { showSection } from '../lib/results-file.js';
import { soleServer } from '../lib/server-load.js';
import { withServerRun } from '../lib/server-run.js';
import { concurrent } from './concurrent.js';
import { loadContenders } from './contenders.js';
import { largeValue } from './large-value.js';
import { largeValuesInFlight } from './large-values-in-flight.js';
import { latency } from './latency.js';
import { mget, preloadMget } from './mget.js';
import { pipeline } from './pipeline.js';
import { clientSection, type WorkloadResult } from './report.js';
import { verifyPipeliningClient } from './verify.js';
import { FLOORS, WIRE_FLOOR, WIRE_FLOOR_VALUES, WireFloor } from './wire-floor.js';
import type { ClientRun, ClientWorkload } from './workload.js';

export const benchmark: Benchmark = {
  description:
    'the client API (latency, 100 workers, pipeline, 1 MiB, MGET) and its wire floor: redwire vs ioredis and node-redis',
  run,
};

const WORKLOADS: readonly ClientWorkload[] = [
  latency,
  concurrent,
  pipeline,
  largeValue,
  largeValuesInFlight,
  mget,
];

async function run(options: BenchOptions): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  // The floors are chosen by name like clients (`--only redwire` leaves them out of a profile).
  const picked = chosen(
    [...(await loadContenders()), { name: WIRE_FLOOR }, { name: WIRE_FLOOR_VALUES }],
    options,
  );
  const floorsPicked = [WIRE_FLOOR, WIRE_FLOOR_VALUES].filter((name) =>
    picked.some((contender) => contender.name === name),
  );
  const contenders = picked.filter(
    (contender): contender is ClientContender<PipeliningClient> => !FLOORS.has(contender.name),
  );
  const setup = {
    prepare: async (address: ServerAddress) => {
      await preload(address);
      await preloadMget(address);
    },
    verify: ({ name }: { name: string }, client: PipeliningClient) =>
      verifyPipeliningClient(name, client),
  };
  await withServerRun(contenders, setup, async ({ server, serverVersion, clients }) => {
    const floors: WireFloor[] = [];
    const results: WorkloadResult[] = [];
    try {
      for (const name of floorsPicked) {
        floors.push(await WireFloor.open(server.address, name === WIRE_FLOOR_VALUES));
      }
      for (const workload of chosenRows(WORKLOADS, options)) {
        const plan = workload.floor;
        if (plan !== undefined) for (const floor of floors) await floor.verify(plan);
        const works = clients.map((client, index) =>
          workOf(workload, contenders[index]!.name, client),
        );
        const floorWorks = plan === undefined ? [] : floors.map((floor) => floor.work(plan));
        const all = [...works, ...floorWorks];
        const [measured] = await measureWorkloads(
          [workload],
          all,
          (_, work) => work,
          soleServer(server),
          options,
        );
        if (plan !== undefined) for (const floor of floors) await floor.verify(plan);
        results.push(measured!);
      }
    } finally {
      for (const floor of floors) floor.close();
    }
    const section = clientSection(results, {
      machine: describeMachine(),
      serverVersion,
      options,
      sources: contenders.map((contender) => contender.source),
      load: { start: loadAtStart, end: loadavg()[0]! },
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
