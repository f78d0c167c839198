/** Every code a harness error can carry, so a test can match on `error.code`. */
export type HarnessErrorCode =
  | 'HARNESS_TIMEOUT'
  | 'HARNESS_SERVER_START'
  | 'HARNESS_CONNECTION'
  | 'HARNESS_REPLY'
  | 'HARNESS_STATE';

/**
 * Base of every error the test harness throws. The harness imports no redwire package, so it
 * cannot share `RedisError` from `@redwire/protocol`; it keeps the same shape (a stable `code`).
 */
export class HarnessError extends Error {
  /** Stable machine-readable code. */
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A bounded wait ran out; the message names what was awaited and the last state observed. */
export class HarnessTimeoutError extends HarnessError {
  constructor(message: string, options?: ErrorOptions) {
    super('HARNESS_TIMEOUT', message, options);
  }
}

/** A `redis-server` process exited or never answered while starting. */
export class ServerStartError extends HarnessError {
  /** The port it was started on. */
  readonly port: number;
  /** Whether its log says the port was taken, so a caller may retry on another port. */
  readonly addressInUse: boolean;
  /** The last lines of its log file, for the failure message. */
  readonly logTail: string;

  constructor(port: number, reason: string, logTail: string, options?: ErrorOptions) {
    const log = logTail === '' ? '' : `\n--- redis.log (tail) ---\n${logTail}`;
    super('HARNESS_SERVER_START', `redis-server on port ${port} ${reason}${log}`, options);
    this.port = port;
    this.logTail = logTail;
    this.addressInUse = /address already in use/i.test(logTail);
  }
}

/** A socket to a server could not be opened or closed before the reply arrived. */
export class HarnessConnectionError extends HarnessError {
  constructor(message: string, options?: ErrorOptions) {
    super('HARNESS_CONNECTION', message, options);
  }
}

/** The server answered with an error reply (`-ERR ...`, `-MOVED ...`). */
export class ServerReplyError extends HarnessError {
  /** The error line's first word: `ERR`, `MOVED`, `ASK`, `CLUSTERDOWN`, ... */
  readonly prefix: string;

  constructor(line: string) {
    super('HARNESS_REPLY', line);
    this.prefix = line.split(' ', 1)[0] ?? '';
  }
}

/** A lever was used in a state where it cannot work (unknown node, a replica with no primary). */
export class HarnessStateError extends HarnessError {
  constructor(message: string, options?: ErrorOptions) {
    super('HARNESS_STATE', message, options);
  }
}
