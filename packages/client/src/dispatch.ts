/**
 * Where one command of a client view goes: the shared connection, the view's isolated
 * connection, or a pooled connection for a blocking command; and what is refused before any
 * byte is written (connection-state commands on the shared connection, anything on an isolated
 * client whose lease ended).
 */
import {
  ConnectionError,
  observeOutcome,
  type ReplyObserver,
  type ReplyTransform,
  type SendOptions,
} from '@redwire/connection';
import type { CommandArgument } from '@redwire/protocol';
import { blockingTimeMs, runBlocking, sendBlocking } from './blocking.js';
import type { ClientCore } from './client-core.js';
import { changesConnectionState, refusedOnSharedConnection } from './shared-connection.js';

/**
 * Sends `args` where they belong (see the header). `observer`, when the command is traced, is
 * told its outcome before the returned promise settles; `transform` shapes the reply before it
 * does (on the reply's tick when the view's connection answers).
 */
export function dispatchCommand(
  core: ClientCore,
  args: readonly CommandArgument[],
  sendOptions: SendOptions,
  observer: ReplyObserver | undefined,
  transform: ReplyTransform | undefined,
): Promise<unknown> {
  const lease = core.lease;
  let refused: Error | undefined;
  if (lease !== undefined) {
    if (!lease.active) refused = leaseEndedError();
    else if (changesConnectionState(args)) lease.pooled.dirty = true;
  } else {
    refused = refusedOnSharedConnection(args);
  }
  if (refused !== undefined) return observeOutcome(Promise.reject(refused), observer);
  const blockingMs = blockingTimeMs(args);
  if (blockingMs === undefined) return core.connection.send(args, sendOptions, observer, transform);
  // Written again, a blocking command would start its wait over, and BLPOP could pop twice.
  const blocking = { ...sendOptions, blockingMs, retryOnReconnect: false };
  // An isolated client has its connection already: no second lease from the pool.
  const reply =
    lease !== undefined
      ? runBlocking(core.blocking, lease.pooled, args, blocking)
      : sendBlocking(core.blocking, args, blocking);
  const observed = observeOutcome(reply, observer);
  return transform === undefined ? observed : observed.then(transform);
}

/** What a command on an isolated client gets once its callback has ended. */
export function leaseEndedError(): ConnectionError {
  return new ConnectionError(
    'This isolated client was returned to the pool when its callback ended; use the client it came from',
    { code: 'REDWIRE_CONNECTION_CLOSED' },
  );
}
