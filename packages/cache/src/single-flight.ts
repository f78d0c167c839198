/**
 * Single flight: concurrent work on one key in this process runs once. The first caller starts
 * it; callers that arrive while it runs get the same promise, so they share its result or its
 * error. The flight is forgotten as it settles, so the next caller starts afresh.
 */

/**
 * Runs at most one piece of work per key at a time.
 * @example
 * ```ts
 * const flights = new SingleFlight<string>();
 * const [a, b] = await Promise.all([flights.run('k', load), flights.run('k', load)]); // load ran once
 * ```
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Promise<T>>();

  /** How many keys have work in flight. */
  get size(): number {
    return this.#flights.size;
  }

  /** Whether work for `key` is in flight. */
  has(key: string): boolean {
    return this.#flights.has(key);
  }

  /**
   * Joins the work in flight for `key`, or starts `work` when there is none.
   * A synchronous throw of `work` becomes the flight's rejection like any other.
   */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#flights.get(key);
    if (running !== undefined) return running;
    const flight = Promise.resolve()
      .then(work)
      .finally(() => {
        // An invalidation may have forgotten this flight and a newer one taken its place.
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
      });
    this.#flights.set(key, flight);
    return flight;
  }

  /**
   * Lets the next caller of `key` start new work instead of joining the current one (which runs
   * on for those already waiting). Used when the key is invalidated mid-load.
   */
  forget(key: string): void {
    this.#flights.delete(key);
  }
}
