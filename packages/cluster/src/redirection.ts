/**
 * What a failed attempt means for the next one: follow a redirection, wait for the cluster to
 * heal, resend after a lost connection, or give up. One place decides, so the single-key path,
 * split sub-commands and transactions all retry by the same rules.
 */
import { ConnectionError } from '@redwire/connection';
import { ReplyError } from '@redwire/protocol';
import { parseRedirection } from './topology/address.js';
import type { NodeAddress, NodeAddressMap } from './topology/types.js';

/** The next step after an error. */
export type Verdict =
  /** The slot lives elsewhere now (a migration finished, a failover, a new node). */
  | { readonly kind: 'moved'; readonly slot: number; readonly address: NodeAddress }
  /** The key is being migrated: ask the importing node this once. */
  | { readonly kind: 'ask'; readonly slot: number; readonly address: NodeAddress }
  /** The cluster is healing: wait a little and try again, after a refresh when `refresh`. */
  | { readonly kind: 'heal'; readonly reason: string; readonly refresh: boolean }
  /** The node's connection failed; `written` says whether the command may have run. */
  | { readonly kind: 'lost'; readonly written: boolean }
  /** Not retryable: the error goes to the caller. */
  | { readonly kind: 'fatal' };

const FATAL: Verdict = { kind: 'fatal' };

/**
 * Error codes that mean "not now" rather than "no": `TRYAGAIN` (a multi-key command during a
 * migration), `CLUSTERDOWN` (slots uncovered during a failover), `LOADING` (a restarted node
 * reading its data), `MASTERDOWN` (a replica whose primary is gone), and `READONLY` (a write
 * reached a primary that was demoted).
 */
const HEALING: Readonly<Record<string, boolean>> = {
  TRYAGAIN: false,
  CLUSTERDOWN: true,
  LOADING: true,
  MASTERDOWN: true,
  READONLY: true,
};

/**
 * Classifies an attempt's error. `repliedHost` is the host of the node that answered, for a
 * MOVED that leaves its host out (`MOVED 3999 :6381`); redirection addresses go through
 * `nodeAddressMap`, as every address the cluster announces does.
 */
export function classify(
  error: unknown,
  repliedHost: string,
  nodeAddressMap?: NodeAddressMap,
): Verdict {
  if (error instanceof ReplyError) {
    const code = error.code;
    if (code === 'MOVED' || code === 'ASK') {
      const redirection = parseRedirection(error.message, repliedHost, nodeAddressMap);
      if (redirection === undefined) return FATAL;
      return {
        kind: redirection.kind === 'MOVED' ? 'moved' : 'ask',
        slot: redirection.slot,
        address: redirection.address,
      };
    }
    const refresh = HEALING[code];
    return refresh === undefined ? FATAL : { kind: 'heal', reason: code, refresh };
  }
  if (error instanceof ConnectionError) {
    // A full queue is a bound doing its job, not a failure to route around.
    if (error.code === 'REDWIRE_QUEUE_FULL' || error.code === 'REDWIRE_OFFLINE_QUEUE_FULL') {
      return FATAL;
    }
    return { kind: 'lost', written: error.written === true };
  }
  return FATAL;
}

/** Milliseconds to wait before the `n`th (from 1) healing retry: 10, 20, 40, 80, then 100. */
export function healingDelay(n: number): number {
  return Math.min(10 * 2 ** (n - 1), MAX_HEALING_DELAY_MS);
}

/** The longest pause between two attempts while the cluster heals. */
export const MAX_HEALING_DELAY_MS = 100;

/**
 * The least time before its deadline worth one more attempt: pauses are cut short to leave it,
 * and with less left the command gives up.
 */
export const LAST_ATTEMPT_MS = 10;
