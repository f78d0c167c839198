/**
 * Cluster clients on three workloads (100 concurrent workers over keys in thousands of slots, a
 * 1,000-command pipeline across nodes, a 100-key cross-slot MGET): redwire's `createCluster`
 * against ioredis `Cluster` and node-redis `createCluster`, against a six-node cluster started
 * for the run. Verifies every client before timing it.
 */

import type { LocalCluster, ServerAddress } from '@redwire/test-harness/servers';
import { PIPELINE_COMMANDS } from '../client/pipeline.js';
import type { ClientRun } from '../client/workload.js';
import { withBenchCluster } from '../lib/bench-server.js';
import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import { withConnected } from '../lib/connected.js';
import { describeMachine } from '../lib/machine.js';
import { type MeteredWork, measureWorkloads } from '../lib/metered-contender.js';
import { paddedValue } from '../lib/mixed-workload.js';
import { showSection } from '../lib/results-file.js';
import type { MeteredServer } from '../lib/server-load.js';
import { readServerVersion } from '../lib/server-version.js';
import { concurrent } from './concurrent.js';
import { loadContenders } from './contenders.js';
import type { ClusterClient, ClusterContender } from './contract.js';
import type { Floors } from './floor-report.js';
import {
  MGET_KEYS,
  pipelineKeys,
  TAGGED_MGET_KEYS,
  TAGGED_PIPELINE_COMMANDS,
  WORKER_KEYS,
} from './keys.js';
import { type ClusterLayout, preloadKeys, readLayout, spread } from './layout.js';
import { mget } from './mget.js';
import { pipeline } from './pipeline.js';
import { clusterSection } from './report.js';
import { verifyClusterClient } from './verify.js';
import { type FloorPlan, measureFloors, mgetPlan, pipelinePlan } from './wire-floor.js';
import { type ClusterWorkload, usesOneSlot } from './workload.js';

export const benchmark: Benchmark = {
  description:
    'cluster clients (100 workers, pipeline across nodes, cross-slot MGET): redwire vs ioredis and node-redis',
  run,
};

const WORKLOADS: readonly ClusterWorkload[] = [concurrent, pipeline, mget];

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen(await loadContenders(), options);
  await withBenchCluster((cluster) => measure(contenders, cluster, options));
}

async function measure(
  contenders: readonly ClusterContender[],
  cluster: LocalCluster,
  options: BenchOptions,
): Promise<void> {
  const seeds = cluster.setup.nodes.map(({ host, port }) => ({ host, port }));
  const serverVersion = await readServerVersion(seeds[0]!);
  console.log(`redis-server ${serverVersion} cluster on ${cluster.addresses().join(', ')}`);

  const plainPipeline = pipelineKeys(PIPELINE_COMMANDS);
  const layout = await readLayout(cluster, [
    ...WORKER_KEYS,
    ...plainPipeline,
    ...pipelineKeys(TAGGED_PIPELINE_COMMANDS),
    ...MGET_KEYS,
    ...TAGGED_MGET_KEYS,
  ]);
  // A tagged MGET key holds its plain key's value (keys.ts), so one expectation fits both.
  const plain = new Map(TAGGED_MGET_KEYS.map((key, index) => [key, MGET_KEYS[index]!]));
  const labelOf = (key: string) => plain.get(key) ?? key;
  await preloadKeys(layout, [...WORKER_KEYS, ...MGET_KEYS, ...TAGGED_MGET_KEYS], labelOf);
  const metered = meteredNodes(seeds, layout.primaries);
  // Planned before any client runs, so a plan that cannot be made fails the run at once.
  const floorPlans = wireFloorPlans(layout, labelOf);

  await withConnected(
    contenders,
    (contender) => contender.connect(seeds),
    verifyClusterClient,
    async (clients) => {
      const results = await measureWorkloads(
        WORKLOADS,
        contenders,
        (workload, contender, index) => workOf(workload, contender, clients[index]!),
        metered,
        options,
      );
      console.log('measuring the wire floor …');
      const floors = await measureWireFloors(floorPlans, options);
      const section = clusterSection(results, floors, {
        machine: describeMachine(),
        serverVersion,
        options,
        contenders,
        spreads: {
          concurrent: spread(layout, WORKER_KEYS),
          pipeline: spread(layout, plainPipeline),
          mget: spread(layout, MGET_KEYS),
        },
      });
      showSection('cluster', section, options.write);
    },
  );
}

/** The commands of (2) and (3) as wire-floor plans: the plain keys, then their tagged twins. */
function wireFloorPlans(layout: ClusterLayout, labelOf: (key: string) => string): FloorPlan[] {
  const preloaded = (key: string) => paddedValue(labelOf(key));
  return [
    pipelinePlan('(2) plain', layout, PIPELINE_COMMANDS),
    pipelinePlan('(2) tagged', layout, TAGGED_PIPELINE_COMMANDS),
    mgetPlan('(3) plain', layout, MGET_KEYS, preloaded),
    mgetPlan('(3) tagged', layout, TAGGED_MGET_KEYS, preloaded),
  ];
}

/** The floors of (2) and (3), in the order {@link wireFloorPlans} gives the plans. */
async function measureWireFloors(
  plans: readonly FloorPlan[],
  options: BenchOptions,
): Promise<Floors> {
  const [pipelinePlain, pipelineTagged, mgetPlain, mgetTagged] = await measureFloors(
    plans,
    options,
  );
  return {
    pipeline: { plain: pipelinePlain!, tagged: pipelineTagged! },
    mget: { plain: mgetPlain!, tagged: mgetTagged! },
  };
}

/**
 * Every node's CPU counts (replicas replay the writes); only the primaries' commands do (what
 * clients sent; replicas count the replication stream too).
 */
function meteredNodes(
  nodes: readonly ServerAddress[],
  primaries: readonly ServerAddress[],
): MeteredServer[] {
  const primaryPorts = new Set(primaries.map(({ port }) => port));
  return nodes.map((target) => ({ target, countsCommands: primaryPorts.has(target.port) }));
}

/** One client on one workload, with the keys `usesOneSlot` gives it. */
function workOf(
  workload: ClusterWorkload,
  contender: ClusterContender,
  client: ClusterClient,
): MeteredWork<ClientRun> {
  const { name } = contender;
  const oneSlot = usesOneSlot(workload, contender);
  return {
    name,
    run: (budgetMs) => workload.run(name, client, budgetMs, oneSlot),
    failure: () => client.failure(),
  };
}
