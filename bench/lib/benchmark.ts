/** The contract between the runner (run.ts) and each named benchmark. */

export interface BenchOptions {
  /** Also rewrite this benchmark's section of bench/RESULTS.md. */
  readonly write: boolean;
  readonly warmupMs: number;
  readonly roundMs: number;
  readonly rounds: number;
}

export interface Benchmark {
  /** One line for `pnpm bench --help` and the runner's progress output. */
  readonly description: string;
  run(options: BenchOptions): Promise<void>;
}
