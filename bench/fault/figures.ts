/** What the fault bench reports for one client in one scenario, computed from its commands. */

import type { Command } from './load.js';
import type { FaultTimes } from './scenarios.js';

/** A command slower than this counts as a stall: the client was not healthy while it waited. */
export const STALL_MS = 1000;

/** The moment after the promotion at which commands still in flight are counted. */
export const UNSETTLED_AFTER_MS = 10_000;

export interface FaultFigures {
  /** Commands issued before the load stopped. */
  readonly commands: number;
  readonly errors: number;
  /** Errors of commands issued after the fault began (not merely caught on the wire by it). */
  readonly errorsAfterFault: number;
  /**
   * From the promotion to the first moment after which every command succeeded without a stall
   * (0 when that was already so at the promotion); `undefined` when it never came before the
   * load stopped.
   */
  readonly healthyAfterMs: number | undefined;
  /**
   * Commands waiting {@link UNSETTLED_AFTER_MS} after the promotion that had been waiting for
   * more than {@link STALL_MS} by then (each worker always has one command in flight).
   */
  readonly unsettled: number;
  /** The longest any command took (or has been waiting, when still in flight at the end). */
  readonly longestMs: number;
  /** Errors by kind (class and code), most frequent first. */
  readonly errorKinds: readonly (readonly [string, number])[];
}

/** @param stoppedAt - when the load stopped; commands in flight then never settled in the window */
export function computeFigures(
  commands: readonly Command[],
  times: FaultTimes,
  stoppedAt: number,
): FaultFigures {
  const countAt = times.promotedAt + UNSETTLED_AFTER_MS;
  let errors = 0;
  let errorsAfterFault = 0;
  let unsettled = 0;
  let longestMs = 0;
  let badUntil = Number.NEGATIVE_INFINITY;
  const kinds = new Map<string, number>();
  for (const command of commands) {
    const settledAt = command.settledAt;
    const ended = settledAt !== undefined && settledAt <= stoppedAt;
    const took = (ended ? settledAt : stoppedAt) - command.issuedAt;
    longestMs = Math.max(longestMs, took);
    if (command.issuedAt < countAt - STALL_MS && (settledAt === undefined || settledAt > countAt)) {
      unsettled++;
    }
    if (!ended) {
      // Only a command stalled when the load stopped says the client was not healthy then.
      if (took > STALL_MS) badUntil = Number.POSITIVE_INFINITY;
      continue;
    }
    if (command.failed) {
      errors++;
      const kind = command.error ?? 'unknown';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (command.issuedAt >= times.faultAt) errorsAfterFault++;
    }
    if (command.failed || took > STALL_MS) badUntil = Math.max(badUntil, settledAt);
  }
  const healthyAfterMs =
    badUntil === Number.POSITIVE_INFINITY ? undefined : Math.max(0, badUntil - times.promotedAt);
  return {
    commands: commands.length,
    errors,
    errorsAfterFault,
    healthyAfterMs,
    unsettled,
    longestMs,
    errorKinds: [...kinds].sort((a, b) => b[1] - a[1]),
  };
}
