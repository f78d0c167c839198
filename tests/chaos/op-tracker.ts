/** One operation still waiting for its outcome. */
export interface InFlightOp {
  readonly id: number;
  /** What it is, for the failure message: `worker 17 pipeline (SET a, GET b, INCR c)`. */
  readonly label: string;
  readonly startedAt: number;
}

/** One failed operation, kept for the report. */
export interface FailedOp {
  readonly label: string;
  readonly startedAt: number;
  readonly settledAt: number;
  /** {@link errorName} and message; the error itself (its stack, its cause) is not kept. */
  readonly error: string;
}

/**
 * A short name for an error: its class, its code, and `written` when the command had been
 * written (`ConnectionError REDWIRE_CONNECTION written`).
 */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error ${typeof error}`;
  const { code, written } = error as { code?: unknown; written?: unknown };
  const name = typeof code === 'string' ? `${error.name} ${code}` : error.name;
  // Whether it was written tells an ambiguous write from a command that never left.
  return written === true ? `${name} written` : name;
}

/**
 * Every operation of the soak from call to outcome: which are still in flight and since when
 * (so one that never settles is named with its age), how long the slowest took, and the errors
 * by kind. Bounded: in-flight entries leave on settling, and at most `keepFailures` failures are
 * kept whole, the rest only counted.
 */
export class OpTracker {
  readonly #inFlight = new Map<number, InFlightOp>();
  readonly #errorCounts = new Map<string, number>();
  readonly #failures: FailedOp[] = [];
  readonly #keepFailures: number;
  #nextId = 0;
  #settled = 0;
  #failed = 0;
  #slowest: { label: string; ms: number } = { label: 'none', ms: 0 };

  /** @param keepFailures - failures kept whole for the report @default 5000 */
  constructor(keepFailures = 5000) {
    this.#keepFailures = keepFailures;
  }

  /** Runs `op` and records it until it settles; resolves or rejects as it does. */
  async track<T>(label: string, op: () => Promise<T>): Promise<T> {
    const id = this.#nextId++;
    const startedAt = Date.now();
    this.#inFlight.set(id, { id, label, startedAt });
    try {
      return await op();
    } catch (error) {
      this.#fail(label, startedAt, error);
      throw error;
    } finally {
      this.#inFlight.delete(id);
      this.#settled++;
      const ms = Date.now() - startedAt;
      if (ms > this.#slowest.ms) this.#slowest = { label, ms };
    }
  }

  /** The operation in flight the longest, if any. */
  oldest(): InFlightOp | undefined {
    // Map order is insertion order, and ids only grow: the first entry is the oldest.
    for (const op of this.#inFlight.values()) return op;
    return undefined;
  }

  /** Operations in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Operations settled so far. */
  get settled(): number {
    return this.#settled;
  }

  /** Operations that failed so far. */
  get failed(): number {
    return this.#failed;
  }

  /** The slowest settled operation and how long it took. */
  get slowest(): { readonly label: string; readonly ms: number } {
    return this.#slowest;
  }

  /** Failures counted by {@link errorName}. */
  errorCounts(): ReadonlyMap<string, number> {
    return this.#errorCounts;
  }

  /** The failures kept whole (the first `keepFailures`). */
  failures(): readonly FailedOp[] {
    return this.#failures;
  }

  #fail(label: string, startedAt: number, error: unknown): void {
    this.#failed++;
    const name = errorName(error);
    this.#errorCounts.set(name, (this.#errorCounts.get(name) ?? 0) + 1);
    if (this.#failures.length < this.#keepFailures) {
      const message = error instanceof Error ? error.message.slice(0, 200) : String(error);
      this.#failures.push({
        label,
        startedAt,
        settledAt: Date.now(),
        error: `${name}: ${message}`,
      });
    }
  }
}
