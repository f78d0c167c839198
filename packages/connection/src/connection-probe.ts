/**
 * What a connection tells the diagnostics channels (diagnostics.ts): its connection attempts,
 * the end of each ready spell, reconnects, refusals of a full offline queue, and commands
 * written again. Kept apart so the connection's state machine reads without it; every method
 * costs a property read when nobody listens.
 */
import {
  type AsyncTrace,
  commandRetriedChannel,
  connectChannel,
  type DisconnectEvent,
  disconnectChannel,
  offlineQueueFullChannel,
  reconnectChannel,
  type ServerAttributes,
  startTrace,
} from './diagnostics.js';
import type { ResolvedConnectionOptions } from './options.js';

export class ConnectionProbe {
  /** Where the connection goes, as every payload names it; frozen, no credentials. */
  readonly server: ServerAttributes;
  readonly #tls: boolean;
  #attempt: AsyncTrace | undefined;
  /** Ready since the last handshake: a `redwire:disconnect` is owed when that ends. */
  #up = false;

  constructor(options: ResolvedConnectionOptions) {
    const { path, host, port, db } = options;
    this.server = Object.freeze(
      path === undefined
        ? { serverAddress: host, serverPort: port, database: db }
        : { serverAddress: path, serverPort: undefined, database: db },
    );
    this.#tls = options.tls !== undefined;
  }

  /** A socket is being opened: attempt `attempt` since the last ready spell (1 for the first). */
  opening(attempt: number): void {
    this.#attempt = startTrace(connectChannel, () => ({
      ...this.server,
      attempt,
      tls: this.#tls,
    }));
  }

  /** The handshake succeeded. */
  ready(protocol: 2 | 3): void {
    this.#attempt?.finish({ protocol });
    this.#up = true;
  }

  /** The socket closed: a failed attempt, or the end of a ready spell. */
  closed(error: Error, reason: DisconnectEvent['reason']): void {
    // A no-op once the handshake succeeded: then this is a loss, not a failed attempt.
    this.#attempt?.fail(error);
    this.down(reason);
  }

  /** The connection is no longer ready (closed for good, or lost); published once per spell. */
  down(reason: DisconnectEvent['reason']): void {
    if (!this.#up) return;
    this.#up = false;
    if (disconnectChannel.hasSubscribers) disconnectChannel.publish({ ...this.server, reason });
  }

  reconnecting(attempt: number, delay: number, cause: Error): void {
    if (reconnectChannel.hasSubscribers) {
      reconnectChannel.publish({ ...this.server, attempt, delay, cause });
    }
  }

  offlineQueueFull(command: string, limit: number): void {
    if (offlineQueueFullChannel.hasSubscribers) {
      offlineQueueFullChannel.publish({ ...this.server, command, limit });
    }
  }

  retried(command: string): void {
    if (commandRetriedChannel.hasSubscribers) {
      commandRetriedChannel.publish({ ...this.server, command, reason: 'reconnect' });
    }
  }
}
