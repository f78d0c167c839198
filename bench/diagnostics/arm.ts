/**
 * One arm of the diagnostics benchmark, in a process of its own: the mixed workload on one
 * client, with nobody subscribed (`quiet`) or with a subscriber that does nothing listening on
 * every channel from before the client connects (`idle`), as an application that loads its
 * instrumentation at start-up would. Prints `{"opsPerSecond": …, "cpuNsPerOp": …}` (medians of
 * its rounds; the CPU time is this process's, user and system) as its last line. Started by
 * diagnostics.bench.ts; not meant to be run by hand.
 */
import diagnostics from 'node:diagnostics_channel';
import { CACHE_CHANNELS } from '@redwire/cache';
import { CLIENT_CHANNELS } from '@redwire/client';
import { CLUSTER_CHANNELS } from '@redwire/cluster';
import { CONNECTION_CHANNELS } from '@redwire/connection';
import { PUBSUB_CHANNELS } from '@redwire/pubsub';
import { redwire } from '../client/redwire.js';
import { median } from '../lib/measure.js';
import { runWorkload } from '../lib/mixed-workload.js';

// Every channel the packages publish, from their own lists of names: the three TracingChannels
// and the plain channels that are all the rest.
const TRACING: readonly string[] = [
  CLIENT_CHANNELS.command,
  CLIENT_CHANNELS.batch,
  CONNECTION_CHANNELS.connect,
];
const POINTS = [
  CONNECTION_CHANNELS,
  CLIENT_CHANNELS,
  PUBSUB_CHANNELS,
  CLUSTER_CHANNELS,
  CACHE_CHANNELS,
].flatMap((names) => Object.values(names).filter((name: string) => !TRACING.includes(name)));

const idle = () => {};

/** What the parent passes in the environment, as JSON. */
export interface ArmSettings {
  readonly arm: 'quiet' | 'idle';
  readonly host: string;
  readonly port: number;
  readonly warmupMs: number;
  readonly roundMs: number;
  readonly rounds: number;
}

/** What it prints. */
export interface ArmResult {
  readonly opsPerSecond: number;
  /** This process's CPU time (user + system) per command, in ns. */
  readonly cpuNsPerOp: number;
}

const settings = JSON.parse(process.env.REDWIRE_BENCH_ARM ?? 'null') as ArmSettings | null;
if (settings === null) throw new Error('arm.ts is started by diagnostics.bench.ts');

if (settings.arm === 'idle') {
  const handlers = { start: idle, end: idle, asyncStart: idle, asyncEnd: idle, error: idle };
  for (const name of TRACING) diagnostics.tracingChannel(name).subscribe(handlers);
  for (const name of POINTS) diagnostics.subscribe(name, idle);
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});
const client = await redwire.connect({ host: settings.host, port: settings.port });
try {
  await runWorkload(settings.arm, client, settings.warmupMs);
  const throughput: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    collectGarbage();
    const before = process.cpuUsage();
    const { ops, seconds } = await runWorkload(settings.arm, client, settings.roundMs);
    const used = process.cpuUsage(before);
    throughput.push(ops / seconds);
    cpu.push(((used.user + used.system) * 1000) / ops);
  }
  const result: ArmResult = { opsPerSecond: median(throughput), cpuNsPerOp: median(cpu) };
  console.log(JSON.stringify(result));
} finally {
  await client.close();
}
