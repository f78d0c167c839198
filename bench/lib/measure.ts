/**
 * Interleaved, time-boxed measurement of several contenders doing the same operation.
 *
 * Each round gives every contender the same wall-clock budget, rotating who goes first, so
 * thermal drift, a noisy neighbour or a late GC lands on all of them alike. The median over
 * rounds is reported because one disturbed round should not move the figure.
 *
 * Two drivers share that schedule: `measureInterleaved` times a synchronous operation in a
 * loop it owns; `measureInterleavedAsync` hands the budget to contenders that do their own
 * timing, such as many concurrent requests on a socket.
 */

export interface Contender {
  readonly name: string;
  /** One complete unit of work; it must throw if the work came out wrong. */
  readonly op: () => void;
}

export interface MeasureOptions {
  /** Untimed run per contender before the first round, so the JIT has settled. */
  readonly warmupMs: number;
  /** Time budget for one contender in one round. */
  readonly roundMs: number;
  readonly rounds: number;
}

export interface Measurement {
  readonly name: string;
  /** Median operations per second over the rounds. */
  readonly opsPerSecond: number;
  /** Every round's operations per second, in round order. */
  readonly samples: readonly number[];
}

// Exposed only when node runs with --expose-gc (the bench script passes it). Collecting
// before each timed run keeps one contender's garbage from being swept on another's clock.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

export function measureInterleaved(
  contenders: readonly Contender[],
  options: MeasureOptions,
): Measurement[] {
  for (const contender of contenders) runFor(contender.op, options.warmupMs);

  const samples = contenders.map((): number[] => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const index = turnIndex(round, turn, contenders.length);
      collectGarbage();
      samples[index]!.push(runFor(contenders[index]!.op, options.roundMs));
    }
  }
  return summarise(contenders, samples);
}

/** A contender that times itself: asynchronous work cannot be driven by a synchronous loop. */
export interface TimedContender {
  readonly name: string;
  /**
   * Works until about `budgetMs` have passed and resolves to the operations per second it
   * completed; it must reject if any operation came out wrong.
   */
  readonly runFor: (budgetMs: number) => Promise<number>;
}

/** {@link measureInterleaved} for contenders whose work is asynchronous; same schedule. */
export async function measureInterleavedAsync(
  contenders: readonly TimedContender[],
  options: MeasureOptions,
): Promise<Measurement[]> {
  for (const contender of contenders) await contender.runFor(options.warmupMs);

  const samples = contenders.map((): number[] => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const index = turnIndex(round, turn, contenders.length);
      collectGarbage();
      samples[index]!.push(await contenders[index]!.runFor(options.roundMs));
    }
  }
  return summarise(contenders, samples);
}

/** Who goes at `turn` of `round`: the order rotates by one each round. */
function turnIndex(round: number, turn: number, count: number): number {
  return (round + turn) % count;
}

function summarise(
  contenders: readonly { readonly name: string }[],
  samples: readonly number[][],
): Measurement[] {
  return contenders.map((contender, index) => ({
    name: contender.name,
    opsPerSecond: median(samples[index]!),
    samples: samples[index]!,
  }));
}

/** Runs `op` until `budgetMs` has passed (at least once) and returns operations per second. */
function runFor(op: () => void, budgetMs: number): number {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  let ops = 0;
  let now: bigint;
  // Reading the clock costs well under a microsecond; the cheapest operation measured here
  // takes tens of microseconds, so checking after every operation does not skew the result.
  do {
    op();
    ops++;
    now = process.hrtime.bigint();
  } while (now < deadline);
  return ops / (Number(now - start) / 1e9);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The nearest-rank percentile (`fraction` 0.99 for p99) of `values`, which it sorts in place:
 * latency runs record tens of thousands of samples, and a copy per round is garbage for nothing.
 */
export function percentileInPlace(values: Float64Array, fraction: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort();
  const rank = Math.ceil(fraction * values.length);
  return values[Math.min(values.length, Math.max(1, rank)) - 1]!;
}
