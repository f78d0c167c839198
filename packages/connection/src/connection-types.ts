/**
 * The public shapes around a {@link Connection}: its states, the per-command options of
 * `send`, and the events it emits.
 */
import type { PushFrame } from '@redwire/protocol';
import type { Connection } from './connection.js';

/** Where a connection is in its life; see the diagram at the top of socket-lifecycle.ts. */
export type ConnectionStatus =
  | 'idle'
  | 'connecting'
  | 'ready'
  | 'reconnecting'
  | 'closing'
  | 'closed';

/** Per-command options of {@link Connection.send}. */
export interface SendOptions {
  /** Milliseconds to wait for the reply, queueing included; 0 waits forever. Overrides every default. */
  timeout?: number;
  /** Aborts the command: dropped if not yet written, its reply discarded if it was. */
  signal?: AbortSignal;
  /** Reply strings as Buffers. @defaultValue false */
  returnBuffers?: boolean;
  /**
   * The command blocks on the server for up to this many ms (0: indefinitely), as BLPOP's
   * timeout says; its timeout becomes this plus `blockingTimeoutMargin` (none for 0).
   */
  blockingMs?: number;
  /**
   * Write the command again, once, on the next socket if the one it was written to dies before
   * the reply, within the command's own deadline. Only for commands that are safe to run twice
   * (reads). Needs the offline queue (`offlineQueue: true`): without it the command fails as
   * written. @defaultValue false
   */
  retryOnReconnect?: boolean;
}

/** Payload of the `reconnecting` event. */
export interface ReconnectingEvent {
  /** 1 for the first attempt after a loss, growing until one succeeds. */
  attempt: number;
  /** Milliseconds until the attempt. */
  delay: number;
  /** Why the previous socket ended or could not be opened. */
  error: Error;
}

/** Events a {@link Connection} emits. */
export interface ConnectionEvents {
  /** The socket is open (TLS verified); the handshake starts. */
  connect: [];
  /** The handshake succeeded; commands flow. Also after every reconnect. */
  ready: [];
  /** Something failed. Only emitted when someone listens, so an unwatched connection never crashes the process. */
  error: [Error];
  /** The socket was lost or could not be opened; another attempt follows after `delay`. */
  reconnecting: [ReconnectingEvent];
  /** The connection is closed for good. */
  end: [];
  /** A RESP3 push frame (pub/sub message, client-side caching invalidation). */
  push: [PushFrame];
}
