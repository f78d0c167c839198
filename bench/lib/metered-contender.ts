/**
 * A contender as the measuring loop sees it (`TimedContender`), with every timed run checked
 * against the servers' own count and its load kept: the one shape of every benchmark that
 * drives a client over a socket.
 */

import { ContenderFailure } from './clients/contract.js';
import {
  type Measurement,
  type MeasureOptions,
  measureInterleavedAsync,
  type TimedContender,
} from './measure.js';
import {
  type CpuShare,
  checkServerCount,
  type MeteredServer,
  type ServerLoad,
  startLoadMeter,
} from './server-load.js';

/** What one timed run of a contender reports. */
export interface MeteredRun {
  /** Operations completed; what an "operation" is depends on the workload. */
  readonly ops: number;
  readonly seconds: number;
  /** Commands those operations sent, cross-checked with the servers' own count. */
  readonly commands: number;
}

export interface MeteredWork<Run extends MeteredRun> {
  readonly name: string;
  /** Works until about `budgetMs` have passed; rejects on any wrong reply. */
  run(budgetMs: number): Promise<Run>;
  /**
   * The first error the library reported outside a command's promise, checked after every
   * run: an 'error' event or a reconnect during the run means it measured something else.
   * Left out where `run` checks it itself.
   */
  failure?(): Error | undefined;
}

/** One contender's figure and what its timed runs (the warm-up left out) reported and cost. */
export interface MeteredMeasurement<Run extends MeteredRun> {
  readonly measurement: Measurement;
  readonly runs: readonly Run[];
  /** The CPU shares during each of those runs. */
  readonly cpu: readonly CpuShare[];
}

/**
 * Measures every contender's work interleaved (`measureInterleavedAsync`), metering `servers`
 * around every run; one result per contender, in contender order.
 */
export async function measureMetered<Contender, Run extends MeteredRun>(
  contenders: readonly Contender[],
  workOf: (contender: Contender, index: number) => MeteredWork<Run>,
  servers: readonly MeteredServer[],
  options: MeasureOptions,
): Promise<MeteredMeasurement<Run>[]> {
  const timed = contenders.map((contender, index) => metered(workOf(contender, index), servers));
  const measurements = await measureInterleavedAsync(timed, options);
  return timed.map(({ runs, loads }, index) => ({
    measurement: measurements[index]!,
    // The first run of each contender is its warm-up; only the timed rounds count.
    runs: runs.slice(1),
    cpu: loads.slice(1).map((load) => load.cpu),
  }));
}

interface MeteredContender<Run extends MeteredRun> extends TimedContender {
  /** What every run reported, in order; the first is the warm-up. */
  readonly runs: readonly Run[];
  /** The servers' load during each of those runs. */
  readonly loads: readonly ServerLoad[];
}

/** Wraps `work` for the measuring loop: meters, checks and keeps every run. */
function metered<Run extends MeteredRun>(
  work: MeteredWork<Run>,
  servers: readonly MeteredServer[],
): MeteredContender<Run> {
  const { name } = work;
  const runs: Run[] = [];
  const loads: ServerLoad[] = [];
  return {
    name,
    runs,
    loads,
    async runFor(budgetMs) {
      const stopMeter = await startLoadMeter(servers);
      const run = await work.run(budgetMs);
      const load = await stopMeter();
      checkServerCount(name, run.commands, load);
      const failure = work.failure?.();
      if (failure !== undefined) {
        throw new ContenderFailure(`${name}: ${failure.message}`, { cause: failure });
      }
      runs.push(run);
      loads.push(load);
      return run.ops / run.seconds;
    },
  };
}

/** Every contender measured on one workload of several. */
export interface WorkloadMeasurement<Workload, Run extends MeteredRun> {
  readonly workload: Workload;
  /** One per contender, in contender order (operations per second, before any scaling). */
  readonly measurements: readonly Measurement[];
  /** Each contender's timed runs (warm-up left out), in the same order. */
  readonly runs: readonly (readonly Run[])[];
  /** Each contender's CPU shares over those runs, in the same order. */
  readonly cpu: readonly (readonly CpuShare[])[];
}

/** {@link measureMetered} on each workload in turn, saying on the terminal which one runs. */
export async function measureWorkloads<
  Workload extends { readonly title: string },
  Contender,
  Run extends MeteredRun,
>(
  workloads: readonly Workload[],
  contenders: readonly Contender[],
  workOf: (workload: Workload, contender: Contender, index: number) => MeteredWork<Run>,
  servers: readonly MeteredServer[],
  options: MeasureOptions,
): Promise<WorkloadMeasurement<Workload, Run>[]> {
  const results: WorkloadMeasurement<Workload, Run>[] = [];
  for (const workload of workloads) {
    console.log(`measuring ${workload.title} …`);
    const measured = await measureMetered(
      contenders,
      (contender, index) => workOf(workload, contender, index),
      servers,
      options,
    );
    results.push({
      workload,
      measurements: measured.map((each) => each.measurement),
      runs: measured.map((each) => each.runs),
      cpu: measured.map((each) => each.cpu),
    });
  }
  return results;
}
