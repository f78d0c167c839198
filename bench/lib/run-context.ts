/** What every results section says about the run it reports: where, against what, and how. */

import type { BenchOptions } from './benchmark.js';
import type { Machine } from './machine.js';

export interface RunContext {
  readonly machine: Machine;
  readonly serverVersion: string;
  readonly options: BenchOptions;
}
