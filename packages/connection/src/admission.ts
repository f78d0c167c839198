/**
 * What a connection decides about a command before queueing it: how long it may wait for its
 * reply, and whether it may be queued at all. Pure functions of the options, the connection's
 * status and the queue sizes.
 */
import type { CommandArgument } from '@redwire/protocol';
import type { ConnectionStatus, SendOptions } from './connection-types.js';
import {
  type AbortError,
  abortError,
  type ConnectionError,
  closedError,
  offlineError,
  queueFullError,
} from './errors.js';
import type { ResolvedConnectionOptions } from './options.js';
import { commandName } from './pending-command.js';

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
 * Why the command `args` cannot be queued now, or undefined when it can, checked in this order:
 * the connection is closing or closed; its `signal` has aborted; a queue is at its bound (see
 * {@link queueBoundError}); the socket is down and `offlineQueue` is off.
 */
export function admissionRefusal(
  options: ResolvedConnectionOptions,
  status: ConnectionStatus,
  queued: number,
  written: number,
  address: string,
  lastConnectError: Error | undefined,
  args: readonly CommandArgument[],
  signal: AbortSignal | undefined,
): ConnectionError | AbortError | undefined {
  if (status === 'closing' || status === 'closed') return closedError(address);
  if (signal?.aborted) return abortError(commandName(args), signal);
  const full = queueBoundError(options, status === 'ready', queued, written, address);
  if (full !== undefined) return full;
  if (status === 'reconnecting' && !options.offlineQueue) {
    return offlineError(address, lastConnectError);
  }
  return undefined;
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
