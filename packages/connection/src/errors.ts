/**
 * Errors raised by the connection layer itself: the socket, the clock and the caller's
 * AbortSignal. Each builds on `RedisError`, so one `instanceof RedisError` (or a match on
 * `code`) covers everything redwire raises.
 */
import { RedisError } from '@redwire/protocol';

/** Options of {@link ConnectionError}: a cause, a finer code and the server's address. */
export interface ConnectionErrorOptions extends ErrorOptions {
  /**
   * A finer code than the default, for failures callers handle differently.
   * @defaultValue `'REDWIRE_CONNECTION'`
   */
  code?: string | undefined;
  /** `host:port` or the socket path of the server; never credentials. */
  address?: string | undefined;
  /** Whether the failed command had been written to the socket; see {@link ConnectionError.written}. */
  written?: boolean | undefined;
}

/**
 * The connection to the server failed or is gone: the socket could not be opened, it closed
 * while a command was in flight, the connection was closed for good, or a queue was full.
 *
 * `code` tells these apart:
 * - `REDWIRE_CONNECTION`: the socket could not be opened, or dropped under a command;
 * - `REDWIRE_CONNECTION_CLOSED`: `close()` or `destroy()` was called, or reconnecting gave up;
 * - `REDWIRE_OFFLINE_QUEUE_FULL`: `maxOfflineCommands` commands already wait for a socket;
 * - `REDWIRE_QUEUE_FULL`: `maxPendingCommands` commands are already queued or awaiting replies.
 *
 * A command that failed with this error may or may not have run on the server.
 *
 * @example
 * ```ts
 * throw new ConnectionError('connection closed', { code: 'REDWIRE_CONNECTION_CLOSED' });
 * ```
 */
export class ConnectionError extends RedisError {
  static override readonly brand: string = 'redwire.ConnectionError';

  /** `host:port`, `[ipv6]:port` or the socket path of the server, when known. */
  readonly address: string | undefined;
  /**
   * For a command that failed: `true` when it had been written before the connection failed,
   * so it may have run (its reply was lost); `false` when it never reached the server, so
   * sending it again is safe; `undefined` when the error is not about one command's fate.
   */
  readonly written: boolean | undefined;

  /**
   * @param message - what went wrong, in a sentence; must not contain credentials
   * @param options - `cause`, a finer `code` and the server's `address`
   */
  constructor(message: string, options?: ConnectionErrorOptions) {
    super(message, options?.code ?? 'REDWIRE_CONNECTION', options);
    this.address = options?.address;
    this.written = options?.written;
  }
}

/** Options of {@link TimeoutError}. */
export interface TimeoutErrorOptions extends ErrorOptions {
  /** The limit that ran out, in milliseconds. */
  timeout: number;
  /**
   * The name of the command that timed out (`GET`), when a command did. Anything after the
   * first space is dropped: arguments may hold secrets (`AUTH`, `HELLO ... AUTH`).
   */
  command?: string | undefined;
}

/**
 * A command got no reply within its timeout, or the connection was not ready within
 * `connectTimeout`. A written command stays in the pipeline and its late reply is discarded,
 * so the connection stays usable; the command may still have run on the server.
 *
 * @example
 * ```ts
 * throw new TimeoutError('GET timed out after 5000 ms', { timeout: 5_000, command: 'GET' });
 * ```
 */
export class TimeoutError extends RedisError {
  static override readonly brand: string = 'redwire.TimeoutError';

  /** The limit that ran out, in milliseconds. */
  readonly timeout: number;
  /** The command's name only, never its arguments; `undefined` for a connect timeout. */
  readonly command: string | undefined;

  /**
   * @param message - what timed out, in a sentence; must not contain command arguments
   * @param options - the `timeout` in ms, the `command` name, and a `cause`
   */
  constructor(message: string, options: TimeoutErrorOptions) {
    super(message, 'REDWIRE_TIMEOUT', options);
    this.timeout = options.timeout;
    this.command = options.command?.split(' ', 1)[0];
  }
}

/**
 * The caller's AbortSignal fired before the command's reply arrived. The signal's `reason`
 * is kept as `cause`. Like a timeout, cancelling never desynchronises the connection: an
 * unwritten command is dropped, a written one has its reply read and discarded.
 *
 * @example
 * ```ts
 * throw new AbortError('GET was aborted', { cause: signal.reason });
 * ```
 */
export class AbortError extends RedisError {
  static override readonly brand: string = 'redwire.AbortError';

  /**
   * @param message - what was aborted, in a sentence
   * @param options - `cause`: the signal's `reason`
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'REDWIRE_ABORTED', options);
  }
}

/** The error for a command sent to, or left on, a closed connection. */
export function closedError(address: string, cause?: Error): ConnectionError {
  return new ConnectionError(`Connection to ${address} is closed`, {
    code: 'REDWIRE_CONNECTION_CLOSED',
    address,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The error for a command refused because a queue is at its bound. */
export function queueFullError(
  queue: 'offline' | 'pending',
  limit: number,
  address: string,
): ConnectionError {
  if (queue === 'offline') {
    return new ConnectionError(
      `${limit} commands already wait for ${address} to connect (maxOfflineCommands)`,
      {
        code: 'REDWIRE_OFFLINE_QUEUE_FULL',
        address,
      },
    );
  }
  return new ConnectionError(
    `${limit} commands already pending on ${address} (maxPendingCommands)`,
    {
      code: 'REDWIRE_QUEUE_FULL',
      address,
    },
  );
}

/** The error for a command whose AbortSignal fired; the signal's reason is its cause. */
export function abortError(command: string, signal: AbortSignal): AbortError {
  return new AbortError(`${command} was aborted`, { cause: signal.reason });
}

/** What {@link commandTimeoutError} needs to know about the command that timed out. */
interface TimedOutCommand {
  readonly name: string;
  readonly timeout: number;
  readonly written: boolean;
}

/** The error for a command whose timeout ran out, saying where it was waiting. */
export function commandTimeoutError(
  command: TimedOutCommand,
  status: string,
  lastConnectError: Error | undefined,
): TimeoutError {
  // A command that never left the queue timed out because the server could not be reached:
  // say why, rather than leave the user guessing.
  const offline = !command.written && lastConnectError !== undefined;
  const where = command.written
    ? 'awaiting its reply'
    : `queued (connection ${status}${offline ? `; last error: ${lastConnectError?.message}` : ''})`;
  // Raised from the timer, the stack would only point into the deadline sweep; skipping it
  // keeps a sweep that expires thousands of commands at once from stalling the event loop.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new TimeoutError(`${command.name} timed out after ${command.timeout} ms ${where}`, {
      timeout: command.timeout,
      command: command.name,
      ...(offline ? { cause: lastConnectError } : {}),
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** For commands refused while down with `offlineQueue: false`: never written, safe to resend. */
export function offlineError(address: string, cause: Error | undefined): ConnectionError {
  const why = cause === undefined ? '' : `: ${cause.message}`;
  return new ConnectionError(`${address} is not connected (offlineQueue: false)${why}`, {
    address,
    written: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** For a socket that did not connect, TLS and handshake included, within `connectTimeout`. */
export function connectTimeoutError(address: string, connectTimeout: number): ConnectionError {
  return new ConnectionError(`Connecting to ${address} timed out after ${connectTimeout} ms`, {
    address,
  });
}

/**
 * Why a socket ended: `cause` is its own error, or one saying the server closed it. `wasReady`
 * tells a ready connection lost from an attempt that failed.
 */
export function socketEndedError(
  address: string,
  cause: Error | undefined,
  wasReady: boolean,
): ConnectionError {
  const error =
    cause ?? new ConnectionError(`Connection to ${address} closed by the server`, { address });
  return new ConnectionError(
    wasReady
      ? `Connection to ${address} lost: ${error.message}`
      : `Could not connect to ${address}: ${error.message}`,
    { cause: error, address },
  );
}

/** For commands written to a socket that was then lost: whether they ran is unknown. */
export function lostInFlightError(lost: ConnectionError, address: string): ConnectionError {
  return new ConnectionError(lost.message, { cause: lost.cause, address, written: true });
}

/**
 * For a connection that stops reconnecting: after `attempts` attempts, or because the user's
 * strategy gave an `invalid` delay.
 */
export function gaveUpError(
  address: string,
  attempts: number,
  invalid: Error | undefined,
  lastError: Error,
): ConnectionError {
  const why = invalid === undefined ? `after ${attempts} attempts` : `: ${invalid.message}`;
  return new ConnectionError(`Gave up reconnecting to ${address} ${why}`, {
    cause: invalid ?? lastError,
    address,
  });
}
