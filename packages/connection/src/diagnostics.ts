/**
 * The `node:diagnostics_channel` channels a connection publishes to, their payloads, and the
 * helpers every redwire layer publishes through. Tracing tools (OpenTelemetry, APM agents) and
 * `@redwire/otel` subscribe by name; nobody needs a reference to a client.
 *
 * A channel nobody subscribes to costs one property read: payloads are built only after
 * `hasSubscribers` says someone listens. Payloads never carry a password or argument values
 * (see the client's `redactArguments`).
 */
import diagnostics, { type TracingChannel } from 'node:diagnostics_channel';

/** Where a connection goes: the attributes every payload about one server carries. */
export interface ServerAttributes {
  /** Host name or IP address, or the unix socket's path. */
  readonly serverAddress: string;
  /** TCP port; `undefined` for a unix socket. */
  readonly serverPort: number | undefined;
  /** The database the connection selects. */
  readonly database: number;
}

/**
 * `redwire:connect` (a TracingChannel: `start`, `end`, `asyncStart`, `asyncEnd`, `error`): one
 * attempt to open a connection and run its handshake. `error` is set when it failed.
 */
export interface ConnectTrace extends ServerAttributes {
  /** 1 for the first attempt after a loss (or the first ever), growing until one succeeds. */
  readonly attempt: number;
  /** Whether the socket is TLS. */
  readonly tls: boolean;
  /** The RESP version the handshake settled on, once it has. */
  protocol?: 2 | 3;
  /** Why the attempt failed, set before `error` is published. */
  error?: unknown;
}

/** `redwire:reconnect`: the socket was lost or could not be opened; another attempt follows. */
export interface ReconnectEvent extends ServerAttributes {
  readonly attempt: number;
  /** Milliseconds until the attempt. */
  readonly delay: number;
  /** Why the previous socket ended or could not be opened. */
  readonly cause: Error;
}

/** `redwire:offline-queue-full`: a command was refused because `maxOfflineCommands` already wait. */
export interface OfflineQueueFullEvent extends ServerAttributes {
  /** The command refused (its name only). */
  readonly command: string;
  /** `maxOfflineCommands`. */
  readonly limit: number;
}

/**
 * `redwire:command-retried`: a command written to a connection that died before its reply is
 * written again after the reconnect (a read, or a write with `retryLostWrites`).
 */
export interface CommandRetriedEvent extends ServerAttributes {
  /** The command's name only. */
  readonly command: string;
  /** Why it is written again. */
  readonly reason: 'reconnect';
}

/**
 * `redwire:disconnect`: a connection that was ready is not any more: closed by its owner, or
 * lost (a `redwire:reconnect` follows unless reconnecting is off). With `redwire:connect`, what
 * a gauge of open connections counts.
 */
export interface DisconnectEvent extends ServerAttributes {
  /** `'closed'`: `close()` or `destroy()`; `'lost'`: the socket ended otherwise. */
  readonly reason: 'closed' | 'lost';
}

/** The names of the channels, as subscribers pass them to `diagnostics_channel`. */
export const CONNECTION_CHANNELS = Object.freeze({
  connect: 'redwire:connect',
  disconnect: 'redwire:disconnect',
  reconnect: 'redwire:reconnect',
  offlineQueueFull: 'redwire:offline-queue-full',
  commandRetried: 'redwire:command-retried',
} as const);

/** @internal */
export const connectChannel: TracingChannel<object, ConnectTrace> = diagnostics.tracingChannel(
  CONNECTION_CHANNELS.connect,
);
/** @internal */
export const disconnectChannel = diagnostics.channel(CONNECTION_CHANNELS.disconnect);
/** @internal */
export const reconnectChannel = diagnostics.channel(CONNECTION_CHANNELS.reconnect);
/** @internal */
export const offlineQueueFullChannel = diagnostics.channel(CONNECTION_CHANNELS.offlineQueueFull);
/** @internal */
export const commandRetriedChannel = diagnostics.channel(CONNECTION_CHANNELS.commandRetried);

/**
 * Whether anyone listens to a TracingChannel. Node 20.13 and later answer with one getter; the
 * fallback asks its five channels.
 */
export function isTraced(channel: TracingChannel<object, object>): boolean {
  const answer = (channel as { hasSubscribers?: boolean }).hasSubscribers;
  if (answer !== undefined) return answer;
  return (
    channel.start.hasSubscribers ||
    channel.end.hasSubscribers ||
    channel.asyncStart.hasSubscribers ||
    channel.asyncEnd.hasSubscribers ||
    channel.error.hasSubscribers
  );
}

/**
 * An operation traced on a TracingChannel by hand, for work that is not one promise (a
 * connection attempt settles through socket events): `start` and `end` now, `asyncStart` and
 * `asyncEnd` when {@link AsyncTrace.finish} or {@link AsyncTrace.fail} is called, `error` before
 * them on a failure. Calls after the first settle nothing.
 */
export interface AsyncTrace {
  /** Ends the operation as a success, first copying `details` into the context. */
  finish(details?: object): void;
  /** Ends the operation as a failure: the context's `error` is set, `error` is published. */
  fail(error: unknown): void;
}

const NOT_TRACED: AsyncTrace = { finish() {}, fail() {} };

/**
 * Starts tracing `context` on `channel` when anyone listens; the returned handle ends it.
 * @internal
 */
export function startTrace<C extends object>(
  channel: TracingChannel<object, C>,
  context: () => NoInfer<C>,
): AsyncTrace {
  if (!isTraced(channel)) return NOT_TRACED;
  const ctx = context();
  channel.start.publish(ctx);
  channel.end.publish(ctx);
  let open = true;
  return {
    finish(details?: object) {
      if (!open) return;
      open = false;
      if (details !== undefined) Object.assign(ctx, details);
      channel.asyncStart.publish(ctx);
      channel.asyncEnd.publish(ctx);
    },
    fail(error: unknown) {
      if (!open) return;
      open = false;
      (ctx as { error?: unknown }).error = error;
      channel.error.publish(ctx);
      channel.asyncStart.publish(ctx);
      channel.asyncEnd.publish(ctx);
    },
  };
}
