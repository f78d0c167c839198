/**
 * Per-command timeouts with one timer. Commands given the same timeout have deadlines in the
 * order they were sent, so each distinct timeout keeps a FIFO and only FIFO heads can be due:
 * tracking and settling are O(1), and the timer is re-armed only when it fires, to the
 * earliest head. Settled commands leave their FIFO when they reach its head, which for a
 * connection (replies in send order) is almost always at once.
 *
 * The timer is left armed when the last command settles: with one command in flight, clearing
 * it and arming a new one per command cost about a microsecond of a round trip's CPU (a
 * `setTimeout`, an `unref` and a `clearTimeout` each time; bench/client row (a)). Left alone, it
 * fires once, finds nothing due and stops, or finds the commands sent since and re-arms for the
 * first of them. `clear()` (the connection closing) still stops it. An emptied FIFO stays in
 * the map for the same reason (no delete and insert per command) until that sweep drops it, so
 * the map holds at most the timeouts used since the timer last fired.
 */
import { performance } from 'node:perf_hooks';
import { Fifo } from './fifo.js';
import type { PendingCommand } from './pending-command.js';

export class Deadlines {
  readonly #byTimeout = new Map<number, Fifo<PendingCommand>>();
  readonly #onExpired: (command: PendingCommand) => void;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  /** Bumped by clear(), so an expiry sweep notices when a handler cleared everything. */
  #generation = 0;

  /** `onExpired` is called for each unsettled command whose deadline has passed. */
  constructor(onExpired: (command: PendingCommand) => void) {
    this.#onExpired = onExpired;
  }

  /** Commands being tracked, settled ones not yet dropped included. */
  get size(): number {
    let size = 0;
    for (const fifo of this.#byTimeout.values()) size += fifo.length;
    return size;
  }

  track(command: PendingCommand): void {
    if (command.deadline === Number.POSITIVE_INFINITY) return;
    let fifo = this.#byTimeout.get(command.timeout);
    if (fifo === undefined) {
      fifo = new Fifo();
      this.#byTimeout.set(command.timeout, fifo);
    }
    fifo.push(command);
    if (command.deadline < this.#timerAt) this.#arm(command.deadline);
  }

  /** Drops settled commands from the head of their FIFO; call after a command settles. */
  release(command: PendingCommand): void {
    const fifo = this.#byTimeout.get(command.timeout);
    if (fifo === undefined || fifo.peek() !== command) return;
    while (fifo.peek()?.settled) fifo.shift();
  }

  /** Forgets every command and stops the timer. */
  clear(): void {
    this.#generation++;
    this.#byTimeout.clear();
    this.#disarm();
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    // +1: timers may fire a fraction of a millisecond early on the performance.now() scale.
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, at - performance.now()) + 1);
    // A pending command keeps the process alive through its socket, not through its deadline.
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #expire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const generation = this.#generation;
    let next = Number.POSITIVE_INFINITY;
    for (const [timeout, fifo] of this.#byTimeout) {
      for (let head = fifo.peek(); head !== undefined; head = fifo.peek()) {
        if (!head.settled && head.deadline > now) break;
        fifo.shift();
        if (!head.settled) this.#onExpired(head);
        // The handler may have closed the connection and cleared every deadline.
        if (this.#generation !== generation) return;
      }
      const head = fifo.peek();
      if (head === undefined) this.#byTimeout.delete(timeout);
      else next = Math.min(next, head.deadline);
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
  }
}
