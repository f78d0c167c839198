/**
 * What the service does when Redis fails under it: it goes on without Redis and says so, once in
 * a while rather than once per request, so a dead cluster does not flood the log.
 */
import type { FastifyBaseLogger } from 'fastify';

/** Milliseconds between two warnings about the same operation. */
const WARN_EVERY = 5_000;

/** Records operations that went on without Redis: a count per operation and throttled warnings. */
export class DegradedLog {
  readonly #log: FastifyBaseLogger;
  readonly #lastWarned = new Map<string, number>();
  readonly #counts = new Map<string, number>();

  constructor(log: FastifyBaseLogger) {
    this.#log = log;
  }

  /** How many times each operation went on without Redis. */
  get counts(): ReadonlyMap<string, number> {
    return this.#counts;
  }

  /** `operation` (e.g. `'product read'`) failed on Redis with `error` and went on without it. */
  record(operation: string, error: unknown): void {
    this.#counts.set(operation, (this.#counts.get(operation) ?? 0) + 1);
    const now = Date.now();
    if (now - (this.#lastWarned.get(operation) ?? 0) < WARN_EVERY) return;
    this.#lastWarned.set(operation, now);
    this.#log.warn(
      { err: error, operation },
      `Redis failed during ${operation}; answering without it (degraded)`,
    );
  }
}
