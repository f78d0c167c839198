/**
 * What a connection can be told, its defaults, and how a URL, an options object and overrides
 * combine into one checked, frozen set of options.
 */
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { inspect } from 'node:util';
import { MAX_ARGUMENT_BYTES } from '@redwire/protocol';
import { checkConnectionOptionKeys } from './option-keys.js';
import {
  type CheckedReconnectStrategy,
  createReconnectStrategy,
  DEFAULT_RECONNECT,
  MAX_TIMER_DELAY,
  type ReconnectOptions,
  type ReconnectStrategy,
} from './reconnect.js';
import { redactOptions } from './redact.js';
import { type ResolvedTracking, resolveTracking, type TrackingOptions } from './tracking.js';
import { parseRedisUrl } from './url.js';

export type { CheckedReconnectStrategy, ReconnectOptions, ReconnectStrategy };

/** The certificates, keys and ciphers of {@link TlsOptions}. */
export type TlsMaterial = 'ca' | 'cert' | 'key' | 'passphrase' | 'pfx' | 'ciphers';
/** How the server's certificate and protocol version are checked, in {@link TlsOptions}. */
export type TlsVerification =
  | 'servername'
  | 'rejectUnauthorized'
  | 'checkServerIdentity'
  | 'minVersion'
  | 'maxVersion';

/**
 * The TLS settings passed to `tls.connect` (`ca`, `cert`, `key`, `passphrase`, `pfx`,
 * `servername`, `rejectUnauthorized`, `checkServerIdentity`, `minVersion`, `maxVersion`,
 * `ciphers`). See Node's `tls.connect` for each.
 */
export type TlsOptions = Pick<TlsConnectOptions, TlsMaterial | TlsVerification>;

/**
 * How to reach one Redis server and how the connection behaves. Every field is optional; a
 * field set to `undefined` counts as not given. Durations are in milliseconds.
 */
export interface ConnectionOptions {
  /**
   * A connection URL, as the first argument of `createClient` takes it (see `parseRedisUrl`):
   * `redis://[[user]:password@]host[:port][/db]`, `rediss://...` for TLS, `unix:///path`. The
   * other fields of the same object win over the parts of the URL.
   */
  url?: string | undefined;
  /**
   * The server's host name or IP address. With neither `url` nor `host` nor `path`, redwire
   * connects to `localhost:6379`, as ioredis, node-redis and redis-py do; it does not read
   * `REDIS_URL` from the environment (pass `process.env.REDIS_URL` yourself).
   * @defaultValue `'localhost'`
   */
  host?: string | undefined;
  /** The server's TCP port. @defaultValue `6379` */
  port?: number | undefined;
  /** Unix socket path. When set, `host` and `port` are ignored. */
  path?: string | undefined;
  /**
   * TLS: `true` uses Node's default CAs; an object passes settings to `tls.connect`.
   * @defaultValue `false`
   */
  tls?: boolean | TlsOptions | undefined;
  /** ACL user name. @defaultValue `undefined` (the `default` user) */
  username?: string | undefined;
  /** Password for AUTH; never printed: messages, events and `util.inspect` show `***`. */
  password?: string | undefined;
  /** Database to SELECT after connecting. @defaultValue `0` */
  db?: number | undefined;
  /** Client name set with CLIENT SETNAME: printable ASCII, no spaces. */
  name?: string | undefined;
  /** RESP version; 3 falls back to 2 when the server has no HELLO. @defaultValue `3` */
  protocol?: 2 | 3 | undefined;
  /** Send READONLY after connecting (reads from cluster replicas). @defaultValue `false` */
  readOnly?: boolean | undefined;
  /** Time to open the socket and finish the handshake; `0` disables. @defaultValue `10_000` */
  connectTimeout?: number | undefined;
  /**
   * Time a command may wait for its reply, including time queued while offline; `0` disables.
   * @defaultValue `5_000`
   */
  commandTimeout?: number | undefined;
  /** Added to a blocking command's own block time to get its timeout. @defaultValue `1_000` */
  blockingTimeoutMargin?: number | undefined;
  /** Interval of the PING sent on an idle connection to detect a dead peer. @defaultValue `false` */
  pingInterval?: number | false | undefined;
  /**
   * Reconnecting after the socket drops: `false` never, settings for the built-in backoff, or a
   * function (see `createReconnectStrategy`).
   * @defaultValue `{ minDelay: 50, maxDelay: 2_000, maxAttempts: Infinity }`
   */
  reconnect?: false | ReconnectOptions | ReconnectStrategy | undefined;
  /** Commands that may wait while not connected. @defaultValue `1_000` */
  maxOfflineCommands?: number | undefined;
  /**
   * Whether commands wait (up to `maxOfflineCommands`) while the connection is re-established.
   * `false` fails them at once instead, with a `ConnectionError` whose `written` is `false`, from
   * the moment a connection attempt fails until one succeeds; commands sent before the first
   * attempt still wait for it. A cluster client sets this on its node connections so that it can
   * send the command elsewhere instead of waiting on a dead node. @defaultValue `true`
   */
  offlineQueue?: boolean | undefined;
  /** Commands queued or awaiting replies on a live socket. @defaultValue `100_000` */
  maxPendingCommands?: number | undefined;
  /** Bytes gathered into one socket write before it is flushed early. @defaultValue `1_048_576` */
  maxWriteBytes?: number | undefined;
  /**
   * The most bytes one command argument may have; a longer one is refused with
   * `ArgumentTooLargeError` before anything is written. The server closes the connection on a
   * bulk string over its `proto-max-bulk-len`, failing every command in flight on it, so this
   * matches that setting's default. Raise both together.
   * @defaultValue `536_870_912` (512 MiB)
   */
  maxArgumentBytes?: number | undefined;
  /** Initial delay of TCP keep-alive probes, or `false` for none. @defaultValue `30_000` */
  keepAlive?: number | false | undefined;
  /** Disable Nagle's algorithm, so small commands leave at once. @defaultValue `true` */
  noDelay?: boolean | undefined;
  /**
   * `CLIENT TRACKING ON` in every handshake, for a client-side cache: the server then sends
   * `invalidate` push frames (`push` events). RESP3 only (a `RangeError` with `protocol: 2`).
   * `createClient`'s `clientSideCache` sets it on the connection it caches reads of.
   * @defaultValue `false`
   */
  tracking?: TrackingOptions | false | undefined;
}

/**
 * Options after defaults and checks, as a connection reads them; frozen. Each field means what
 * the {@link ConnectionOptions} field of the same name says. `util.inspect` and
 * `JSON.stringify` show a copy with secrets masked (see `redactOptions`).
 */
export interface ResolvedConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string | undefined;
  /** `undefined` for plain TCP; `{}` for `tls: true`. */
  readonly tls: Readonly<TlsOptions> | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
  readonly name: string | undefined;
  readonly protocol: 2 | 3;
  readonly readOnly: boolean;
  readonly connectTimeout: number;
  readonly commandTimeout: number;
  readonly blockingTimeoutMargin: number;
  readonly pingInterval: number | false;
  /** Never throws; see {@link CheckedReconnectStrategy}. */
  readonly reconnect: CheckedReconnectStrategy | false;
  readonly maxOfflineCommands: number;
  readonly offlineQueue: boolean;
  readonly maxPendingCommands: number;
  readonly maxWriteBytes: number;
  readonly maxArgumentBytes: number;
  readonly keepAlive: number | false;
  readonly noDelay: boolean;
  /** `undefined` when tracking is off. */
  readonly tracking: ResolvedTracking | undefined;
}

/** The value of every {@link ConnectionOptions} field that has a default. */
export const CONNECTION_DEFAULTS = Object.freeze({
  host: 'localhost',
  port: 6379,
  tls: false,
  db: 0,
  protocol: 3,
  readOnly: false,
  connectTimeout: 10_000,
  commandTimeout: 5_000,
  blockingTimeoutMargin: 1_000,
  pingInterval: false,
  reconnect: DEFAULT_RECONNECT,
  maxOfflineCommands: 1_000,
  offlineQueue: true,
  maxPendingCommands: 100_000,
  maxWriteBytes: 1_048_576,
  maxArgumentBytes: MAX_ARGUMENT_BYTES,
  keepAlive: 30_000,
  noDelay: true,
} as const satisfies ConnectionOptions);

/**
 * Combines a URL or options object, then `overrides`, into checked options. Each source wins
 * over the one before it, field by field, for the fields it sets to something other than
 * `undefined`; defaults fill the rest. An object's `url` counts as a source just before the
 * object's other fields. `tls: true` (from `rediss://`) and a TLS settings object merge; a
 * later `tls: false` turns TLS off. An unknown field is an error, never ignored.
 *
 * @param urlOrOptions - a connection URL (see `parseRedisUrl`) or options
 * @param overrides - options that win over the first argument
 * @returns frozen options with every field resolved
 * @throws TypeError when the URL is malformed or a field has the wrong type
 * @throws UnknownOptionError (a TypeError) for a field no connection has, such as `hots`
 * @throws RangeError when a field is out of range: `port` not a whole number from 1 to 65535,
 *   `db` not a whole number `>= 0`, `protocol` not 2 or 3, a duration negative, non-finite or
 *   above 2^31 - 1 ms, a `max*` not a whole number `>= 1`, `pingInterval` not `false` or `> 0`
 *
 * @example
 * ```ts
 * resolveConnectionOptions('rediss://cache:6380', { tls: { ca }, commandTimeout: 1_000 });
 * ```
 */
export function resolveConnectionOptions(
  urlOrOptions?: string | ConnectionOptions,
  overrides?: ConnectionOptions,
): ResolvedConnectionOptions {
  return resolveConnectionOptionsFor('resolveConnectionOptions()', urlOrOptions, overrides);
}

/**
 * {@link resolveConnectionOptions}, with errors naming `where`, the function the user called.
 * @internal
 */
export function resolveConnectionOptionsFor(
  where: string,
  urlOrOptions?: string | ConnectionOptions,
  overrides?: ConnectionOptions,
): ResolvedConnectionOptions {
  const layers: ConnectionOptions[] = [];
  if (typeof urlOrOptions === 'string') layers.push(parseRedisUrl(urlOrOptions));
  else if (urlOrOptions !== undefined) addObject(layers, where, 'options', urlOrOptions);
  if (overrides !== undefined) addObject(layers, where, 'overrides', overrides);
  return seal(check(merge(layers)));
}

/** An options object as sources: its `url`'s parts, then its own fields, which win. */
function addObject(layers: ConnectionOptions[], where: string, name: string, value: unknown) {
  const options = checkObject(name, value);
  checkConnectionOptionKeys(options, where);
  if (options.url !== undefined) layers.push(parseRedisUrl(text('url', options.url)));
  layers.push(options);
}

function merge(layers: readonly ConnectionOptions[]): Record<string, unknown> {
  // No prototype: a `__proto__` key from parsed JSON stays a plain, ignored field.
  const merged: Record<string, unknown> = Object.create(null);
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined || key === 'url') continue;
      merged[key] = key === 'tls' ? mergeTls(merged.tls, value) : value;
    }
  }
  return merged;
}

/** `true` keeps settings given earlier; settings add to earlier ones; `false` drops them. */
function mergeTls(previous: unknown, next: unknown): unknown {
  const earlier = isObject(previous) ? previous : {};
  if (next === true) return isObject(previous) ? previous : true;
  if (isObject(next)) return { ...earlier, ...next };
  return next;
}

function check(m: Record<string, unknown>): ResolvedConnectionOptions {
  const protocol = integer('protocol', m.protocol ?? CONNECTION_DEFAULTS.protocol, 2, 3) as 2 | 3;
  return {
    host: text('host', m.host ?? CONNECTION_DEFAULTS.host),
    port: integer('port', m.port ?? CONNECTION_DEFAULTS.port, 1, 65_535),
    path: m.path === undefined ? undefined : text('path', m.path),
    tls: tls(m.tls),
    username: m.username === undefined ? undefined : text('username', m.username, true),
    password: m.password === undefined ? undefined : text('password', m.password, true),
    db: integer('db', m.db ?? CONNECTION_DEFAULTS.db, 0, Number.MAX_SAFE_INTEGER),
    name: m.name === undefined ? undefined : clientName(m.name),
    protocol,
    readOnly: flag('readOnly', m.readOnly ?? CONNECTION_DEFAULTS.readOnly),
    connectTimeout: duration(
      'connectTimeout',
      m.connectTimeout ?? CONNECTION_DEFAULTS.connectTimeout,
    ),
    commandTimeout: duration(
      'commandTimeout',
      m.commandTimeout ?? CONNECTION_DEFAULTS.commandTimeout,
    ),
    blockingTimeoutMargin: duration(
      'blockingTimeoutMargin',
      m.blockingTimeoutMargin ?? CONNECTION_DEFAULTS.blockingTimeoutMargin,
    ),
    pingInterval: durationOrFalse(
      'pingInterval',
      m.pingInterval ?? CONNECTION_DEFAULTS.pingInterval,
      1,
    ),
    reconnect: createReconnectStrategy(m.reconnect as ConnectionOptions['reconnect']),
    maxOfflineCommands: count('maxOfflineCommands', m.maxOfflineCommands),
    offlineQueue: flag('offlineQueue', m.offlineQueue ?? CONNECTION_DEFAULTS.offlineQueue),
    maxPendingCommands: count('maxPendingCommands', m.maxPendingCommands),
    maxWriteBytes: count('maxWriteBytes', m.maxWriteBytes),
    maxArgumentBytes: count('maxArgumentBytes', m.maxArgumentBytes),
    keepAlive: durationOrFalse('keepAlive', m.keepAlive ?? CONNECTION_DEFAULTS.keepAlive, 0),
    noDelay: flag('noDelay', m.noDelay ?? CONNECTION_DEFAULTS.noDelay),
    tracking: resolveTracking(m.tracking, protocol),
  };
}

/** Freezes the options and makes `util.inspect` and `JSON.stringify` print them redacted. */
function seal(options: ResolvedConnectionOptions): ResolvedConnectionOptions {
  const redacted = () => redactOptions(options);
  Object.defineProperty(options, inspect.custom, { value: redacted });
  Object.defineProperty(options, 'toJSON', { value: redacted });
  return Object.freeze(options);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkObject(name: string, value: unknown): ConnectionOptions {
  if (!isObject(value)) {
    throw new TypeError(`${name} must be an object or a URL string, got ${typeName(value)}`);
  }
  return value as ConnectionOptions;
}

function tls(value: unknown): Readonly<TlsOptions> | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return Object.freeze({});
  if (!isObject(value)) {
    throw new TypeError(`tls must be a boolean or an object, got ${typeName(value)}`);
  }
  return Object.freeze({ ...value });
}

/** Values are never quoted: this checks the password too. */
function text(name: string, value: unknown, emptyAllowed = false): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, got ${typeName(value)}`);
  }
  if (value === '' && !emptyAllowed) throw new RangeError(`${name} must not be empty`);
  return value;
}

function clientName(value: unknown): string {
  // The server refuses names with characters outside '!'..'~' (CLIENT SETNAME); failing here
  // names the option instead of failing every handshake.
  if (!/^[!-~]+$/.test(text('name', value))) {
    throw new RangeError('name must be printable ASCII without spaces (a CLIENT SETNAME rule)');
  }
  return value as string;
}

function flag(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${name} must be a boolean, got ${typeName(value)}`);
  }
  return value;
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeName(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** A `max*` limit; `undefined` takes its default. */
function count(name: keyof typeof CONNECTION_DEFAULTS & `max${string}`, value: unknown): number {
  return integer(name, value ?? CONNECTION_DEFAULTS[name], 1, Number.MAX_SAFE_INTEGER);
}

function durationOrFalse(name: string, value: unknown, min: number): number | false {
  return value === false ? false : duration(name, value, min, 'false or a number');
}

/** Timers fire after 1 ms for delays above 2^31 - 1 ms, so longer durations are refused. */
function duration(name: string, value: unknown, min = 0, expected = 'a number'): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be ${expected}, got ${typeName(value)}`);
  }
  if (!(value >= min && value <= MAX_TIMER_DELAY)) {
    throw new RangeError(`${name} must be from ${min} to ${MAX_TIMER_DELAY} ms, got ${value}`);
  }
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
