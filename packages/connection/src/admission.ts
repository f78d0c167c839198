/**
 * What a connection decides about a command before queueing it: how long it may wait for its
 * reply, and whether the queues have room. Pure functions of the options and the queue sizes.
 */
import type { SendOptions } from './connection-types.js';
import { type ConnectionError, queueFullError } from './errors.js';
import type { ResolvedConnectionOptions } from './options.js';

/**
 * A command's timeout in ms (0: none): the one it was sent with; for a blocking command, its
 * block time plus `blockingTimeoutMargin` (none when it blocks forever); else `commandTimeout`.
 */
export function timeoutFor(
  options: ResolvedConnectionOptions,
  send: SendOptions | undefined,
): number {
  if (send?.timeout !== undefined) return send.timeout;
  const blocking = send?.blockingMs;
  if (blocking !== undefined) return blocking === 0 ? 0 : blocking + options.blockingTimeoutMargin;
  return options.commandTimeout;
}

/**
 * Why one more command cannot be queued, or undefined when it can: while not ready, the offline
 * queue holds `maxOfflineCommands`; at any time, queued and written together hold
 * `maxPendingCommands`.
 */
export function queueBoundError(
  options: ResolvedConnectionOptions,
  ready: boolean,
  queued: number,
  written: number,
  address: string,
): ConnectionError | undefined {
  const { maxOfflineCommands, maxPendingCommands } = options;
  if (!ready && queued >= maxOfflineCommands) {
    return queueFullError('offline', maxOfflineCommands, address);
  }
  if (queued + written >= maxPendingCommands) {
    return queueFullError('pending', maxPendingCommands, address);
  }
  return undefined;
}
