import { type FaultLog, type FaultRecord, type LossCause, lossCauseOf } from './fault-log.js';

/**
 * Acknowledgements kept per key. A value key can only miss its last few (a later acknowledged
 * write would be there instead), and a counter's are counted into `excusable` when each fault's
 * window closes; a fault window (at most a few seconds) holds far fewer than this. Keeping them
 * all would grow the heap by ~16 bytes per write, hiding the leaks the soak looks for.
 */
const KEPT_ACKS = 128;

/** A key written with versions (`SET k <n>`, n growing) or counted up (`INCR k`). */
export type LedgerKeyKind = 'value' | 'counter';

interface Entry {
  readonly kind: LedgerKeyKind;
  readonly slot: number;
  /** Highest version sent (value) or INCRs sent (counter). */
  attempted: number;
  /** When each acknowledged write was acknowledged, in order. */
  readonly ackTimes: number[];
  /** The version of each acknowledged write (value keys), beside `ackTimes`. */
  readonly ackVersions: number[];
  /** Acknowledged writes in all. */
  acked: number;
  /**
   * Counters: the first INCR whose reply was not the count the ledger expected (a write lost
   * before it, or a reply that was not its own), for the report.
   */
  shortfall: { at: number; reply: number; expected: number } | undefined;
  /** Counters: acknowledged INCRs that fell in a loss window of a fault on their slot, by cause. */
  readonly excusable: Record<LossCause, number>;
}

/** What the final read found. */
export interface LedgerReport {
  readonly keys: number;
  readonly acknowledged: number;
  /** Acknowledged writes missing at the end, each excused by a fault on its primary, by cause. */
  readonly lost: Readonly<Record<LossCause, number>>;
  /** Anything else: a lost write no fault excuses, a value never written, a torn transaction. */
  readonly violations: readonly string[];
}

/**
 * The soak's ledger of acknowledged writes. Each key has one writer (a worker, which awaits each
 * operation before the next), so "readable at the end" is well defined: a value key holds its
 * last acknowledged version or a later one whose write failed (it may have run); a counter holds
 * at least as many increments as were acknowledged and at most as many as were sent. A worker
 * whose write failed moves to a fresh key, so a timed-out write that runs late can never land
 * behind a newer acknowledged one. Writes lost with a killed or frozen primary are counted
 * apart, and only those acknowledged in a short window around the fault are excused.
 */
export class WriteLedger {
  readonly #entries = new Map<string, Entry>();
  readonly #pairs: [string, string][] = [];
  readonly #slotOf: (key: string) => number;

  /** @param slotOf - the hash slot of a key (CLUSTER KEYSLOT's rule) */
  constructor(slotOf: (key: string) => number) {
    this.#slotOf = slotOf;
  }

  /**
   * Starts tracking `key`.
   * @throws Error when the key is tracked already (two writers would make the ledger wrong)
   */
  register(key: string, kind: LedgerKeyKind): void {
    if (this.#entries.has(key)) throw new Error(`${key} has a writer already`);
    this.#entries.set(key, {
      kind,
      slot: this.#slotOf(key),
      attempted: 0,
      ackTimes: [],
      ackVersions: [],
      acked: 0,
      shortfall: undefined,
      excusable: { replication: 0, 'stale-primary': 0 },
    });
  }

  /** Keys of a MULTI that sets both to the same version: they must end equal. */
  pair(a: string, b: string): void {
    this.#pairs.push([a, b]);
  }

  /** Records a write about to be sent; returns its version (value keys) or count (counters). */
  attempt(key: string): number {
    const entry = this.#entry(key);
    entry.attempted++;
    return entry.attempted;
  }

  /**
   * Records that the write of `version` was acknowledged now; for a counter, `reply` is what
   * INCR answered (its count, if nothing was lost: the worker moves to a fresh counter after
   * any failed INCR, so every INCR sent to this one before was acknowledged).
   */
  ack(key: string, version: number, at = Date.now(), reply?: number): void {
    const entry = this.#entry(key);
    if (reply !== undefined && reply !== version && entry.shortfall === undefined) {
      entry.shortfall = { at, reply, expected: version };
    }
    entry.acked++;
    entry.ackTimes.push(at);
    if (entry.kind === 'value') entry.ackVersions.push(version);
    if (entry.ackTimes.length > KEPT_ACKS) {
      entry.ackTimes.shift();
      entry.ackVersions.shift();
    }
  }

  /**
   * Counts, for every counter on a slot the fault hit, the INCRs acknowledged in its loss
   * windows. Call once they have closed (the driver reports a fault only then).
   */
  noteFault(fault: FaultRecord): void {
    if (fault.slots.size === 0) return;
    for (const entry of this.#entries.values()) {
      if (entry.kind !== 'counter' || !fault.slots.has(entry.slot)) continue;
      for (const at of entry.ackTimes) {
        const cause = lossCauseOf(fault, at);
        if (cause !== undefined) entry.excusable[cause]++;
      }
    }
  }

  /** Every tracked key. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * Checks the values read at the end (`null` for a missing key) against the ledger.
   * @param finals - every key of {@link keys}, read once the cluster is stable
   */
  verify(finals: ReadonlyMap<string, string | null>, faults: FaultLog): LedgerReport {
    const violations: string[] = [];
    let acknowledged = 0;
    const lost: Record<LossCause, number> = { replication: 0, 'stale-primary': 0 };
    for (const [key, entry] of this.#entries) {
      acknowledged += entry.acked;
      const text = finals.get(key);
      const final = text == null ? 0 : Number(text);
      if (!Number.isInteger(final) || final < 0 || final > entry.attempted) {
        violations.push(`${key}: holds ${text}, never written (${entry.attempted} sent)`);
        continue;
      }
      if (entry.kind === 'value')
        this.#missingVersions(key, entry, final, faults, violations, lost);
      else this.#missingIncrements(key, entry, final, violations, lost);
    }
    for (const [a, b] of this.#pairs) {
      if (finals.get(a) !== finals.get(b)) {
        violations.push(`${a} = ${finals.get(a)} but ${b} = ${finals.get(b)}: a torn MULTI`);
      }
    }
    return { keys: this.#entries.size, acknowledged, lost, violations };
  }

  #missingVersions(
    key: string,
    entry: Entry,
    final: number,
    faults: FaultLog,
    violations: string[],
    lost: Record<LossCause, number>,
  ): void {
    entry.ackVersions.forEach((version, i) => {
      if (version <= final) return;
      const at = entry.ackTimes[i] ?? 0;
      const cause = faults.lossCause(entry.slot, at);
      if (cause !== undefined) lost[cause]++;
      else {
        violations.push(
          `${key}: version ${version} acknowledged at ${new Date(at).toISOString()} is lost (holds ${final}; no kill or freeze of slot ${entry.slot}'s primary near then)`,
        );
      }
    });
  }

  #missingIncrements(
    key: string,
    entry: Entry,
    final: number,
    violations: string[],
    lost: Record<LossCause, number>,
  ): void {
    const missing = entry.acked - final;
    if (missing <= 0) return;
    const { replication, 'stale-primary': stale } = entry.excusable;
    if (missing > replication + stale) {
      violations.push(
        `${key}: ${entry.acked} INCRs acknowledged, counter at ${final}; only ${replication + stale} were near a kill or freeze of slot ${entry.slot}'s primary or its restart${describeShortfall(entry.shortfall)}`,
      );
      return;
    }
    // Which INCRs went is unknown: replication first, the rest to the restarted primary.
    lost.replication += Math.min(missing, replication);
    lost['stale-primary'] += Math.max(0, missing - replication);
  }

  #entry(key: string): Entry {
    const entry = this.#entries.get(key);
    if (entry === undefined) throw new Error(`${key} is not in the ledger`);
    return entry;
  }
}

function describeShortfall(shortfall: Entry['shortfall']): string {
  if (shortfall === undefined) return '';
  return `; first short INCR at ${new Date(shortfall.at).toISOString()}: replied ${shortfall.reply}, expected ${shortfall.expected}`;
}
