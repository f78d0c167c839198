/**
 * `CLIENT TRACKING` as a connection option: what a client-side cache asks of each connection it
 * reads through. It is set in the handshake, so a reconnected socket tracks again before any
 * command of the user's is written on it; a shared connection refuses `CLIENT TRACKING` sent as
 * a command, since every caller would inherit it.
 *
 * RESP3 only: over RESP2 the invalidation messages can reach the client only through a second
 * connection (`REDIRECT`), which redwire does not open.
 */
import { type OptionKeySet, optionKeys } from '@redwire/protocol';

/** Which keys the server sends invalidation messages for. */
export type TrackingMode =
  /** The keys this connection has read (the server remembers them: its tracking table). */
  | 'default'
  /** Every key written that starts with one of `prefixes` (all keys when none), read or not: `BCAST`. */
  | 'broadcast';

/**
 * `CLIENT TRACKING ON` in every handshake of the connection. The server then sends an
 * `invalidate` push frame (a `push` event of the connection) when a tracked key changes.
 */
export interface TrackingOptions {
  /** @defaultValue `'default'` */
  mode?: TrackingMode | undefined;
  /**
   * With `mode: 'broadcast'`, only keys starting with one of these (`PREFIX`); none means every
   * key. Refused in the default mode, where the server has no prefixes. At most 100, none empty,
   * and none a prefix of another (the server refuses overlapping prefixes).
   * @defaultValue `[]`
   */
  prefixes?: readonly string[] | undefined;
}

/** Tracking after checks, as the handshake reads it; frozen. */
export interface ResolvedTracking {
  readonly mode: TrackingMode;
  readonly prefixes: readonly string[];
}

/** Every key of {@link TrackingOptions}. */
export const TRACKING_OPTION_KEYS: OptionKeySet = optionKeys<TrackingOptions>({
  mode: true,
  prefixes: true,
});

/** The most prefixes one connection registers: each is a command argument and a server-side entry. */
const MAX_PREFIXES = 100;

/**
 * Checks the `tracking` option. `false` or `undefined` means no tracking.
 * @throws TypeError or RangeError naming what is wrong
 * @internal
 */
export function resolveTracking(value: unknown, protocol: 2 | 3): ResolvedTracking | undefined {
  if (value === undefined || value === false) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`tracking must be false or an object, got ${describe(value)}`);
  }
  if (protocol !== 3) {
    throw new RangeError(
      'tracking needs protocol 3 (RESP3): over RESP2 invalidations need CLIENT TRACKING REDIRECT to a second connection, which redwire does not do',
    );
  }
  const { mode = 'default', prefixes = [] } = value as TrackingOptions;
  if (mode !== 'default' && mode !== 'broadcast') {
    throw new TypeError(`tracking.mode must be 'default' or 'broadcast', got ${String(mode)}`);
  }
  if (!Array.isArray(prefixes)) {
    throw new TypeError(`tracking.prefixes must be an array of strings, got ${describe(prefixes)}`);
  }
  if (prefixes.length > 0 && mode !== 'broadcast') {
    throw new RangeError("tracking.prefixes needs mode: 'broadcast' (the server's BCAST)");
  }
  if (prefixes.length > MAX_PREFIXES) {
    throw new RangeError(`tracking.prefixes holds at most ${MAX_PREFIXES}, got ${prefixes.length}`);
  }
  for (const [i, prefix] of prefixes.entries()) {
    if (typeof prefix !== 'string' || prefix === '') {
      throw new TypeError(`tracking.prefixes[${i}] must be a non-empty string`);
    }
    const overlapping = prefixes.find((other, j) => j !== i && prefix.startsWith(other));
    if (overlapping !== undefined) {
      throw new RangeError(
        `tracking.prefixes: '${overlapping}' and '${prefix}' overlap, which the server refuses`,
      );
    }
  }
  return Object.freeze({ mode, prefixes: Object.freeze([...prefixes]) });
}

/** The handshake command that turns tracking on. */
export function trackingCommand(tracking: ResolvedTracking): string[] {
  const command = ['CLIENT', 'TRACKING', 'ON'];
  if (tracking.mode === 'broadcast') {
    command.push('BCAST');
    for (const prefix of tracking.prefixes) command.push('PREFIX', prefix);
  }
  return command;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
