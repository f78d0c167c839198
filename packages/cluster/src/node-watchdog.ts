/**
 * Tells a frozen node (a long GC or fork pause, a stopped VM, a partition) from a busy one
 * without touching the command path: one timer samples each node connection's reply counter,
 * and a node whose commands have awaited replies with the counter standing still for
 * `suspectAfter` ms, while another node answered meanwhile, is *suspected*. Suspicion fails
 * nothing: the cluster holds new commands for the node's slots and asks the other nodes for the
 * topology until the node answers again or its replica is promoted (watch-nodes.ts).
 */
import { performance } from 'node:perf_hooks';

/** What the watchdog reads of one node's connection. */
export interface NodeProgress {
  /** Replies read so far: a stalled node's stands still. */
  readonly replies: number;
  /** Commands written and awaiting replies: none means idle, not stalled. */
  readonly awaiting: number;
  /** Commands queued or awaiting replies, for the `waiting` field of the events. */
  readonly waiting: number;
}

/** Why a node is no longer suspected. */
export type ClearedReason =
  /** Its connection read a reply again: it was slow, not gone. */
  | 'answered'
  /** The topology moved its slots to another node (its replica was promoted). */
  | 'failed-over'
  /** The topology no longer lists it. */
  | 'removed';

/** What the watchdog needs from the cluster. */
export interface WatchdogHost {
  /** The keys of the nodes with a connection to watch. */
  keys(): Iterable<string>;
  /** The node's connection progress now, or `undefined` when it has none. */
  progress(key: string): NodeProgress | undefined;
  /** When a node last answered a topology query (`performance.now()` scale), or -Infinity. */
  lastTopologyAnswer(): number;
  /** Asks for a topology refresh from the nodes not suspected (single flight, the keeper's). */
  refresh(): void;
  suspected(key: string, unansweredMs: number, waiting: number): void;
  cleared(key: string, reason: ClearedReason, suspectedMs: number): void;
}

/** Per node: the progress last seen and since when it has stood still. */
interface NodeState {
  replies: number;
  /** When the counter last moved, or the node last had nothing awaiting. */
  since: number;
  /** When the counter last moved: the node answered. */
  answeredAt: number;
  /** When it was suspected, while it is. */
  suspectedAt: number | undefined;
}

/** How often the watchdog samples (and refreshes the topology while a node is suspected). */
export const WATCHDOG_TICK_MS = 250;

/**
 * Suspects nodes that stopped answering, from samples of their progress (see the header); pure
 * logic over a {@link WatchdogHost} and a clock, so tests drive it with fake ones.
 */
export class NodeWatchdog {
  readonly #after: number;
  readonly #tickMs: number;
  readonly #host: WatchdogHost;
  readonly #clock: () => number;
  readonly #states = new Map<string, NodeState>();
  readonly #suspects = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #lastTick: number | undefined;
  #closed = false;

  /**
   * @param after - ms without a reply before a node with commands awaiting one is suspected;
   *   `false` turns the watchdog off
   * @param clock - `performance.now()`, or a fake one in tests
   */
  constructor(
    after: number | false,
    host: WatchdogHost,
    clock: () => number = () => performance.now(),
    tickMs = Math.min(WATCHDOG_TICK_MS, after === false ? WATCHDOG_TICK_MS : after / 2),
  ) {
    this.#after = after === false ? Number.POSITIVE_INFINITY : after;
    this.#tickMs = Math.max(10, tickMs);
    this.#host = host;
    this.#clock = clock;
    if (after === false) this.#closed = true;
  }

  /** The nodes suspected now. */
  get suspects(): ReadonlySet<string> {
    return this.#suspects;
  }

  /** Starts sampling (a timer that does not keep the process alive); idempotent. */
  start(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.tick(), this.#tickMs);
    this.#timer.unref();
  }

  /** Stops sampling and forgets every node; nothing is published for them. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#states.clear();
    this.#suspects.clear();
  }

  /**
   * Whether commands for `key` should wait rather than be written to it: it is suspected and has
   * not answered since. Read on every command: with nothing suspected, one size check.
   */
  holds(key: string): boolean {
    if (this.#suspects.size === 0 || !this.#suspects.has(key)) return false;
    const state = this.#states.get(key);
    const progress = this.#host.progress(key);
    // Answered since the last sample: cleared now rather than at the next tick.
    if (state !== undefined && progress !== undefined && progress.replies === state.replies) {
      return true;
    }
    this.#clear(key, 'answered', this.#clock());
    return false;
  }

  /**
   * Whether a topology refresh should skip asking `key`: suspected, or stalled past the bound
   * and about to be (a frozen node's query would only time out).
   */
  avoids(key: string): boolean {
    if (this.#suspects.has(key)) return true;
    const state = this.#states.get(key);
    return state !== undefined && this.#stalledFor(key, state, this.#clock()) >= this.#after;
  }

  /** The node's slots went elsewhere, or it left the topology: suspicion ends, nothing is held. */
  forget(key: string, reason: ClearedReason): void {
    if (this.#suspects.has(key)) this.#clear(key, reason, this.#clock());
    this.#states.delete(key);
  }

  /** One sample of every node; the timer calls it, tests call it with a fake clock. */
  tick(): void {
    if (this.#closed) return;
    const now = this.#clock();
    const last = this.#lastTick;
    this.#lastTick = now;
    // A tick this late means this process stalled (a blocked event loop), not the nodes: replies
    // may sit unread in the sockets. Count from now rather than suspect every node.
    const stalledHere = last !== undefined && now - last > this.#tickMs + this.#after / 2;
    const seen = new Set<string>();
    const stalled: string[] = [];
    for (const key of this.#host.keys()) {
      seen.add(key);
      const progress = this.#host.progress(key);
      let state = this.#states.get(key);
      if (state === undefined) {
        state = {
          replies: progress?.replies ?? 0,
          since: now,
          answeredAt: Number.NEGATIVE_INFINITY,
          suspectedAt: undefined,
        };
        this.#states.set(key, state);
        continue;
      }
      if (progress === undefined || progress.replies !== state.replies || progress.awaiting === 0) {
        if (progress !== undefined && progress.replies !== state.replies) state.answeredAt = now;
        state.replies = progress?.replies ?? 0;
        state.since = now;
        if (state.suspectedAt !== undefined) this.#clear(key, 'answered', now);
        continue;
      }
      if (stalledHere) state.since = now;
      else if (state.suspectedAt === undefined && now - state.since >= this.#after) {
        stalled.push(key);
      }
    }
    for (const key of this.#states.keys()) {
      if (!seen.has(key)) this.forget(key, 'removed');
    }
    let asked = false;
    for (const key of stalled) {
      const state = this.#states.get(key) as NodeState;
      if (this.#answeredSince(key, state.since)) this.#suspect(key, state, now);
      else asked = true;
    }
    // While a node is suspected the topology is asked for often, to follow its failover soon;
    // a stalled node with no other answer to compare with gets one this way too.
    if (asked || this.#suspects.size > 0) this.#host.refresh();
  }

  /** Whether another node answered (a reply, or a topology query) after `since`. */
  #answeredSince(key: string, since: number): boolean {
    if (this.#host.lastTopologyAnswer() > since) return true;
    for (const [other, state] of this.#states) {
      if (other !== key && state.answeredAt > since) return true;
    }
    return false;
  }

  #stalledFor(key: string, state: NodeState, now: number): number {
    const progress = this.#host.progress(key);
    if (progress === undefined || progress.awaiting === 0 || progress.replies !== state.replies) {
      return 0;
    }
    return now - state.since;
  }

  #suspect(key: string, state: NodeState, now: number): void {
    state.suspectedAt = now;
    this.#suspects.add(key);
    this.#host.suspected(
      key,
      Math.round(now - state.since),
      this.#host.progress(key)?.waiting ?? 0,
    );
  }

  #clear(key: string, reason: ClearedReason, now: number): void {
    const state = this.#states.get(key);
    const suspectedAt = state?.suspectedAt ?? now;
    if (state !== undefined) {
      state.suspectedAt = undefined;
      state.since = now;
      state.replies = this.#host.progress(key)?.replies ?? state.replies;
    }
    this.#suspects.delete(key);
    this.#host.cleared(key, reason, Math.round(now - suspectedAt));
  }
}
