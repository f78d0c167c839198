/**
 * The error family every redwire package shares. Each class carries a stable `code` and a brand
 * that `instanceof` recognises even across two copies of the package in one process (a common
 * result of mismatched dependency versions).
 */

const kBrands = Symbol.for('redwire.error.brands');

type ErrorClass = abstract new (...args: never[]) => RedisError;
const brandCache = new WeakMap<object, readonly string[]>();

/** The brands of a class and all its ancestors up to RedisError, from their `brand` statics. */
function brandsOf(ctor: ErrorClass): readonly string[] {
  const cached = brandCache.get(ctor);
  if (cached) return cached;
  const brands: string[] = [];
  for (
    let c: unknown = ctor;
    typeof c === 'function' && 'brand' in c;
    c = Object.getPrototypeOf(c)
  ) {
    if (Object.hasOwn(c, 'brand')) brands.push(String(c.brand));
  }
  brandCache.set(ctor, brands);
  return brands;
}

function isBranded(ctor: ErrorClass & { brand: string }, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Function.prototype[Symbol.hasInstance].call(ctor, value)) return true;
  const brands = (value as { [kBrands]?: unknown })[kBrands];
  return Array.isArray(brands) && brands.includes(ctor.brand);
}

/**
 * Base class of every error redwire raises or returns.
 *
 * `code` is stable and meant for matching: a server error code for {@link ReplyError}
 * (`WRONGTYPE`, `MOVED`, ...), a `REDWIRE_*` code for errors raised by the library itself.
 *
 * @example
 * ```ts
 * try { await redis.get('k'); } catch (err) {
 *   if (err instanceof RedisError) console.log(err.code);
 * }
 * ```
 */
export class RedisError extends Error {
  /** Stable identifier of the class, used to recognise instances across package copies. */
  static readonly brand: string = 'redwire.RedisError';

  /** A stable, machine-readable code: the server's for replies, `REDWIRE_*` for our own. */
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    const brands = brandsOf(new.target);
    // The name comes from the brand string rather than the class name, which minifiers mangle.
    const name = (brands[0] ?? RedisError.brand).replace(/^redwire\./, '');
    Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
    Object.defineProperty(this, kBrands, { value: brands });
  }

  /**
   * `instanceof` that also recognises errors from another copy of redwire in the process.
   * `this` is whichever class was asked about, a subclass included.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the receiver is the class asked about
    return isBranded(this as unknown as ErrorClass & { brand: string }, value);
  }
}

/**
 * An error reply from the server (`-ERR ...` or a RESP3 bulk error). The decoder returns it as
 * a value, never throws it, so one failed command in a pipeline or transaction does not
 * disturb the others.
 */
export class ReplyError extends RedisError {
  static override readonly brand: string = 'redwire.ReplyError';

  /**
   * @param message - the error line as the server sent it, e.g. `WRONGTYPE Operation against...`
   */
  constructor(message: string) {
    // A stack here would only point into the decoder; skipping it makes error replies as cheap
    // as any other reply. Callers that surface the error attach their own context.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, replyErrorCode(message));
    Error.stackTraceLimit = limit;
  }
}

/** The server's error code is the first word of the line when it is in upper case (`ERR`, `MOVED`). */
function replyErrorCode(message: string): string {
  const space = message.indexOf(' ');
  const word = space === -1 ? message : message.slice(0, space);
  return /^[A-Z][A-Z0-9_-]*$/.test(word) ? word : 'ERR';
}

/**
 * The bytes from the server are not valid RESP (or exceed a configured limit). The stream
 * cannot be trusted past this point: the decoder refuses further input until `reset()`, and a
 * connection drops the socket.
 */
export class ProtocolError extends RedisError {
  static override readonly brand: string = 'redwire.ProtocolError';

  /** Offset, in bytes since the decoder was created or last reset, of the offending byte. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`, 'REDWIRE_PROTOCOL');
    this.offset = offset;
  }
}

/**
 * A command argument the encoder cannot send (undefined, null, an object, NaN). Raised before
 * any byte of the command is produced. It is a `TypeError`, not a {@link RedisError}: the
 * mistake is in the calling code, not in Redis.
 */
export class ArgumentError extends TypeError {
  /** Always `REDWIRE_INVALID_ARGUMENT`. */
  readonly code = 'REDWIRE_INVALID_ARGUMENT';
  /** Zero-based position of the offending argument in the command array. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.name = 'ArgumentError';
    this.position = position;
  }
}

/**
 * A command argument longer than the server accepts in one bulk string (`proto-max-bulk-len`,
 * 512 MiB unless the server was configured otherwise). Raised before any byte of the command is
 * produced: sent, the argument would make the server drop the connection, failing every other
 * command in flight on it. A `RangeError`, like {@link ArgumentError} a mistake in the calling
 * code rather than in Redis.
 */
export class ArgumentTooLargeError extends RangeError {
  /** Always `REDWIRE_ARGUMENT_TOO_LARGE`. */
  readonly code = 'REDWIRE_ARGUMENT_TOO_LARGE';
  /** Zero-based position of the argument in the command array. */
  readonly position: number;
  /** The argument's size in bytes. */
  readonly bytes: number;
  /** The largest size allowed, in bytes (`maxArgumentBytes`). */
  readonly limit: number;

  constructor(command: string, position: number, bytes: number, limit: number) {
    super(
      `Argument ${position} of ${command} is ${bytes} bytes, over the ${limit}-byte limit of one ` +
        "argument (the server's proto-max-bulk-len; raise maxArgumentBytes only if the server's is higher)",
    );
    this.name = 'ArgumentTooLargeError';
    this.position = position;
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** What {@link UnknownOptionError} says beyond its message. */
export interface UnknownOptionDetails {
  /** The key as the caller wrote it, with its path for nested options: `reconnect.maxDelya`. */
  readonly option: string;
  /** The function that refused it: `createClient()`. */
  readonly where: string;
  /** The known key it most likely meant, when one is near. */
  readonly suggestion?: string | undefined;
}

/**
 * An options object holds a key the function does not know (a slip such as `hots`, or another
 * client's spelling such as node-redis's `socket`). Raised before anything connects: ignored,
 * the key would leave a default in its place, such as a server on localhost without the
 * password that was meant for another. A `TypeError`, a mistake in the calling code.
 */
export class UnknownOptionError extends TypeError {
  /** Always `REDWIRE_UNKNOWN_OPTION`. */
  readonly code = 'REDWIRE_UNKNOWN_OPTION';
  /** The key as the caller wrote it, with its path for nested options: `reconnect.maxDelya`. */
  readonly option: string;
  /** The function that refused it: `createClient()`. */
  readonly where: string;
  /** The known key it most likely meant, when one is near. */
  readonly suggestion: string | undefined;

  constructor(message: string, details: UnknownOptionDetails) {
    super(message);
    this.name = 'UnknownOptionError';
    this.option = details.option;
    this.where = details.where;
    this.suggestion = details.suggestion;
  }
}
