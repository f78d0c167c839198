/** The faults the soak's driver injects. */
export type FaultKind = 'kill' | 'pause' | 'failover' | 'migrate' | 'client-kill';

/** One fault as it happened. */
export interface FaultRecord {
  readonly kind: FaultKind;
  /** What was hit, for the report: a node's address, a slot. */
  target: string;
  /** Slots whose primary lost its process (kill) or froze (pause): writes there may be lost. */
  readonly slots: ReadonlySet<number>;
  readonly startedAt: number;
  /**
   * Until when the node may still acknowledge writes that its successor never sees: the kill
   * itself, or the SIGCONT of a frozen primary (on waking it answers what it read before it
   * learns of its demotion).
   */
  lossUntil: number;
  /**
   * A killed primary restarted: from its start until it has rejoined, it still believes it
   * serves its former slots (its nodes.conf says so) and may acknowledge writes there that its
   * full sync from the new primary then discards. `undefined` for other faults.
   */
  restart: { from: number; until: number } | undefined;
  /** When the cluster was whole again; `undefined` while it lasts. */
  endedAt: number | undefined;
}

/** Why an acknowledged write may be missing: the replica that took over never received it
 * (`replication`), or a restarted former primary took it before it learned of its demotion
 * (`stale-primary`). */
export type LossCause = 'replication' | 'stale-primary';

/**
 * How long before a kill or a freeze an acknowledged write may still be missing from the replica
 * that takes over: Redis replicates asynchronously, normally within a millisecond, but a loaded
 * 2-core machine can hold the replication stream back for a while. A second tells that apart
 * from a lost write the client should have kept.
 */
export const LOSS_WINDOW_BEFORE_MS = 1000;

/**
 * How long after the fault (the kill, or the SIGCONT of a frozen primary) an acknowledgement of
 * a write its successor never saw may reach a worker: a woken primary answers what it read
 * before the freeze at once, before the cluster bus tells it of its demotion, and the replies
 * then wait for the workers' busy event loop. Seen up to 0.7 s after SIGCONT in the soak; 2 s
 * leaves a loaded machine room and is still a moment beside the soak's two minutes.
 */
export const LOSS_WINDOW_AFTER_MS = 2000;

/**
 * Errors a command may meet while a fault lasts and for this long after the cluster is whole
 * again: the command timeout (5 s by default) of commands that were waiting on the fault.
 */
export const ERROR_GRACE_MS = 6000;

/** The faults of one soak, in order, with the questions the assertions ask of them. */
export class FaultLog {
  readonly #faults: FaultRecord[] = [];

  /** Records a fault starting now; set `endedAt` on the returned record when it is over. */
  start(kind: FaultKind, target: string, slots: ReadonlySet<number> = new Set()): FaultRecord {
    const now = Date.now();
    const record: FaultRecord = {
      kind,
      target,
      slots,
      startedAt: now,
      lossUntil: now,
      restart: undefined,
      endedAt: undefined,
    };
    this.#faults.push(record);
    return record;
  }

  /** Every fault so far. */
  get faults(): readonly FaultRecord[] {
    return this.#faults;
  }

  /** When the last fault ended (or `undefined` before any did). */
  lastEnd(): number | undefined {
    let last: number | undefined;
    for (const fault of this.#faults) {
      if (fault.endedAt !== undefined && (last === undefined || fault.endedAt > last)) {
        last = fault.endedAt;
      }
    }
    return last;
  }

  /**
   * Whether an error on a command that ran from `startedAt` to `settledAt` falls in a fault's
   * window: the command overlapped [fault start, fault end + grace].
   */
  excuses(startedAt: number, settledAt: number): boolean {
    return this.faultOf(startedAt, settledAt) !== undefined;
  }

  /**
   * The latest fault whose window a command that ran from `startedAt` to `settledAt` overlapped
   * (windows overlap by their grace; the latest one is the likelier cause).
   */
  faultOf(startedAt: number, settledAt: number): FaultRecord | undefined {
    return this.#faults.findLast(
      (fault) =>
        settledAt >= fault.startedAt &&
        startedAt <= (fault.endedAt ?? Number.POSITIVE_INFINITY) + ERROR_GRACE_MS,
    );
  }

  /**
   * Why a write to `slot` acknowledged at `ackedAt` may have been lost, if a fault explains it:
   * its primary was killed or frozen shortly after, answered it on waking from a freeze, or
   * answered it as a restarted former primary.
   */
  lossCause(slot: number, ackedAt: number): LossCause | undefined {
    for (const fault of this.#faults) {
      if (!fault.slots.has(slot)) continue;
      const cause = lossCauseOf(fault, ackedAt);
      if (cause !== undefined) return cause;
    }
    return undefined;
  }

  /** How many faults of each kind, for the report. */
  counts(): Record<FaultKind, number> {
    const counts = { kill: 0, pause: 0, failover: 0, migrate: 0, 'client-kill': 0 };
    for (const fault of this.#faults) counts[fault.kind]++;
    return counts;
  }
}

/** Whether `fault` explains the loss of a write to one of its slots acknowledged at `ackedAt`. */
export function lossCauseOf(fault: FaultRecord, ackedAt: number): LossCause | undefined {
  if (
    ackedAt >= fault.startedAt - LOSS_WINDOW_BEFORE_MS &&
    ackedAt <= fault.lossUntil + LOSS_WINDOW_AFTER_MS
  ) {
    return 'replication';
  }
  const { restart } = fault;
  if (
    restart !== undefined &&
    ackedAt >= restart.from &&
    ackedAt <= restart.until + LOSS_WINDOW_AFTER_MS
  ) {
    return 'stale-primary';
  }
  return undefined;
}
