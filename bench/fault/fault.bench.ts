/**
 * The fault bench: redwire, ioredis and node-redis, each with default options, through a frozen
 * primary, kill -9 of a primary and CLUSTER FAILOVER, each on a fresh six-node cluster, under
 * 100 workers (two reads to one write). It reports errors, errors of commands issued after the
 * fault, time to healthy after the promotion and commands still unsettled 10 s after it. About
 * 25 s per client and scenario (five minutes in all); stops by itself.
 */

import { withBenchServer } from '../lib/bench-server.js';
import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import { describeMachine } from '../lib/machine.js';
import { showSection } from '../lib/results-file.js';
import { readServerVersion } from '../lib/server-version.js';
import { FAULT_CONTENDERS } from './clients.js';
import { faultSection } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { runTrial, type TrialResult } from './trial.js';

export const benchmark: Benchmark = {
  description:
    'faults (frozen primary, kill -9, CLUSTER FAILOVER; 100 workers, 2 reads : 1 write): redwire vs ioredis and node-redis, defaults',
  run,
};

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen(FAULT_CONTENDERS, options);
  const serverVersion = await withBenchServer((server) => readServerVersion(server.address));
  const results: TrialResult[] = [];
  for (const scenario of SCENARIOS) {
    for (const contender of contenders) {
      const result = await runTrial(contender, scenario);
      const { figures } = result;
      console.log(
        `${scenario.name} / ${contender.name}: ${figures.commands} commands, ${figures.errors} errors (${figures.errorsAfterFault} issued after the fault), healthy ${figures.healthyAfterMs ?? 'never'} ms after the promotion, ${figures.unsettled} unsettled, longest ${figures.longestMs} ms, ${result.eventErrors} error events; errors: ${kinds(figures.errorKinds)}`,
      );
      results.push(result);
    }
  }
  const section = faultSection(describeMachine(), serverVersion, contenders, SCENARIOS, results);
  showSection('fault', section, options.write);
}

function kinds(errorKinds: readonly (readonly [string, number])[]): string {
  return errorKinds.map(([kind, count]) => `${count} × ${kind}`).join(', ') || 'none';
}
