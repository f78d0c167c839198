/**
 * Whether a read's reply may still be stored when it arrives. An invalidation, a flush or a
 * lost connection can come between sending a read and storing its reply, and the reply may
 * then be the old value: the server's push for a key can arrive in the same socket chunk right
 * after the reply, and is handled before the promise continuation that would store it. So each
 * read takes a ticket when it is sent, and its reply is stored only if nothing touched its keys
 * (or flushed the cache) since.
 *
 * Only keys with a read in flight are followed (a counter each, dropped with the last reader),
 * so the bookkeeping is bounded by the reads in flight, not by every key ever invalidated.
 */

/** How many reads in flight name one key, and how many invalidations of it they have seen. */
interface KeyEpoch {
  epoch: number;
  readers: number;
}

/**
 * What a read in flight took when it was sent.
 * @internal
 */
export interface ReadTicket {
  readonly generation: number;
  readonly keys: readonly KeyEpoch[];
  readonly epochs: readonly number[];
}

/**
 * Generations of the whole cache (one per flush) and epochs of the keys reads are waiting on.
 * @internal
 */
export class ReadEpochs {
  #generation = 0;
  readonly #inFlight = new Map<string, KeyEpoch>();

  /** Keys with a read in flight (for tests: it must fall back to 0). */
  get tracked(): number {
    return this.#inFlight.size;
  }

  /** A read of `keys` is being sent. Pair with {@link ReadEpochs.end}, whatever the outcome. */
  begin(keys: readonly string[]): ReadTicket {
    const records: KeyEpoch[] = [];
    const epochs: number[] = [];
    for (const key of keys) {
      let record = this.#inFlight.get(key);
      if (record === undefined) {
        record = { epoch: 0, readers: 0 };
        this.#inFlight.set(key, record);
      }
      record.readers++;
      records.push(record);
      epochs.push(record.epoch);
    }
    return { generation: this.#generation, keys: records, epochs };
  }

  /**
   * The read's reply (or failure) arrived.
   * @returns whether its reply may be stored: no flush and no invalidation of its keys since `begin`
   */
  end(ticket: ReadTicket, keys: readonly string[]): boolean {
    let valid = ticket.generation === this.#generation;
    for (let i = 0; i < keys.length; i++) {
      const record = ticket.keys[i] as KeyEpoch;
      if (record.epoch !== ticket.epochs[i]) valid = false;
      record.readers--;
      if (record.readers === 0) this.#inFlight.delete(keys[i] as string);
    }
    return valid;
  }

  /** `key` changed: replies of reads of it in flight must not be stored. */
  invalidate(key: string): void {
    const record = this.#inFlight.get(key);
    if (record !== undefined) record.epoch++;
  }

  /** Everything is suspect (a flush, a lost connection): no reply in flight may be stored. */
  flush(): void {
    this.#generation++;
  }
}
