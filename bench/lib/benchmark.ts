/** The contract between the runner (run.ts) and each named benchmark. */

export interface BenchOptions {
  /** Also rewrite this benchmark's section of bench/RESULTS.md. */
  readonly write: boolean;
  readonly warmupMs: number;
  readonly roundMs: number;
  readonly rounds: number;
  /**
   * Only these contenders, by table name (`--only redwire`): for profiling one client with
   * `--cpu-prof` without the others' samples. Undefined runs them all.
   */
  readonly only?: readonly string[] | undefined;
  /**
   * Only these rows, by the letter or number in their title (`--rows e,f` for "(e) …" and
   * "(f) …"), in the benchmark's own order: for studying how one row runs, or what an earlier
   * row leaves behind for it. Never with `write`: a section holds every row of one run.
   * Undefined runs them all.
   */
  readonly rows?: readonly string[] | undefined;
}

/** The rows `options.rows` names, all when it names none; unknown names are an error. */
export function chosenRows<T extends { readonly title: string }>(
  rows: readonly T[],
  options: BenchOptions,
): T[] {
  const wanted = options.rows;
  if (wanted === undefined) return [...rows];
  const label = (row: T): string => /^\((\w+)\)/.exec(row.title)?.[1] ?? row.title;
  const unknown = wanted.filter((name) => !rows.some((row) => label(row) === name));
  if (unknown.length > 0) {
    const known = rows.map(label).join(', ');
    throw new Error(`--rows: no row ${unknown.join(', ')} (known: ${known})`);
  }
  return rows.filter((row) => wanted.includes(label(row)));
}

/** The contenders `options.only` names, all when it names none; unknown names are an error. */
export function chosen<T extends { readonly name: string }>(
  contenders: readonly T[],
  options: BenchOptions,
): T[] {
  const { only } = options;
  if (only === undefined) return [...contenders];
  const unknown = only.filter((name) => !contenders.some((contender) => contender.name === name));
  if (unknown.length > 0) {
    const known = contenders.map((contender) => contender.name).join(', ');
    throw new Error(`--only: no contender ${unknown.join(', ')} (known: ${known})`);
  }
  return contenders.filter((contender) => only.includes(contender.name));
}

export interface Benchmark {
  /** One line for `pnpm bench --help` and the runner's progress output. */
  readonly description: string;
  run(options: BenchOptions): Promise<void>;
}
