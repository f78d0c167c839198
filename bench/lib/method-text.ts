/** Sentence parts the results sections share, so the same setup reads the same in each. */

import type { BenchOptions } from './benchmark.js';

/** The single server of a run, as the results describe it (no full stop). */
export function loopbackServer(version: string): string {
  return (
    `Server: redis-server ${version} on loopback, started for the run ` +
    `(\`--save '' --appendonly no\`)`
  );
}

/** The measuring schedule: warm-up, then rounds of `roundMs` per `each` (no full stop). */
export function schedule(options: BenchOptions, each: string): string {
  return (
    `${options.warmupMs} ms warm-up, then ${options.rounds} interleaved rounds of ` +
    `${options.roundMs} ms per ${each}`
  );
}
