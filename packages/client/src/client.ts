/**
 * `RedisClient`: the standalone client. Ordinary commands share one multiplexed connection,
 * pipelined automatically; blocking commands each lease a pooled connection (blocking.ts), and
 * `isolated` lends one to a callback. Views made by `withOptions` and `withBuffers` share the
 * same connections: they are cheap, and closing any of them closes the client.
 */
import type { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import {
  type Connection,
  type ConnectionEvents,
  isTraced,
  type ReplyObserver,
  type ReplyTransform,
  type SendOptions,
} from '@redwire/connection';
import {
  type CommandArgument,
  checkOptionKeys,
  type RespValue,
  unknownOptionKey,
} from '@redwire/protocol';
import { STREAM_OPTION_KEYS, type StreamOptions, Subscriber } from '@redwire/pubsub';
import type { CommandChannel } from './batch.js';
import { releaseBlocked } from './blocking.js';
import type { ClientCore, IsolatedLease } from './client-core.js';
import type { ClientSideCache } from './client-side-cache/client-side-cache.js';
import type { BuiltCommand, CommandSpec } from './command.js';
import type { RedisKey } from './commands/arguments.js';
import { CommandTraceContext, commandChannel, needsTracePromise } from './diagnostics.js';
import { dispatchCommand, leaseEndedError } from './dispatch.js';
import {
  CLIENT_EXCLUDED,
  type ClientCommands,
  CONNECTION_STATE_COMMANDS,
  type ConnectionStateCommands,
  installCommandSubset,
  installCommands,
} from './methods.js';
import { Multi } from './multi.js';
import type { ClientOptions } from './options.js';
import { Pipeline } from './pipeline.js';
import type { PoolStats } from './pool.js';
import { isResendableSpec } from './resend.js';
import {
  checkScanOptions,
  type HashEntry,
  SCAN_ITERATOR_OPTION_KEYS,
  SCAN_PAGE_OPTION_KEYS,
  type ScanIteratorOptions,
  type ScanPageOptions,
  type SortedSetEntry,
  scanHash,
  scanKeys,
  scanSet,
  scanSortedSet,
} from './scan.js';
import {
  COMMAND_OPTION_KEYS,
  type CommandOptions,
  type CommandSender,
  SIGNAL_KEYS,
} from './sender.js';
import { specOf } from './spec-lookup.js';
import { runTransaction, type TransactionOptions } from './transaction.js';

/**
 * How a view sends: per-call defaults and the reply form.
 * @internal
 */
export interface ViewSettings extends CommandOptions {
  readonly returnBuffers: boolean;
}

/**
 * A Redis client for one server. Create it with `createClient`; it connects on the first
 * command.
 *
 * @example
 * ```ts
 * const redis = createClient('redis://localhost:6379');
 * await redis.sendCommand(['SET', 'greeting', 'hello']);
 * await redis.sendCommand(['GET', 'greeting']); // 'hello'
 * await redis.close();
 * ```
 */
// Declaration merging gives the class its generated, typed command methods (installed below).
export interface RedisClient<S extends string | Buffer = string> extends ClientCommands<S> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are installed on the prototype at load time (installCommands below)
export class RedisClient<S extends string | Buffer = string> implements CommandSender {
  readonly #core: ClientCore;
  readonly #settings: ViewSettings;
  /** The view's send options for a call without options of its own: not resent, and resent. */
  #defaults: SendOptions | undefined;
  #resendDefaults: SendOptions | undefined;
  /** The per-call options last checked for unknown keys: callers such as a cluster pass one object again and again. */
  #checkedOptions: CommandOptions | undefined;

  /**
   * Use `createClient(url | options)`; this constructor wires a view over a shared core.
   * @internal
   */
  constructor(core: ClientCore, settings: ViewSettings = { returnBuffers: false }) {
    this.#core = core;
    this.#settings = settings;
  }

  /**
   * Where the shared connection (an isolated client: its own) is in its life: `idle`,
   * `connecting`, `ready`, `reconnecting`, `closing`, `closed`.
   */
  get status(): string {
    return this.#core.connection.status;
  }

  /** The shared connection (an isolated client: its own), for a cluster's watchdog. @internal */
  get connection(): Connection {
    return this.#core.connection;
  }

  /**
   * Runs a built command (what the typed methods do) and resolves with its reply.
   * @throws UnknownOptionError (a TypeError) for an unknown key in `options`; nothing is sent
   */
  send<T>(command: BuiltCommand<T>, options?: CommandOptions): Promise<T> {
    if (options !== undefined && options !== this.#checkedOptions) {
      const refused = this.#checkOptions(options, 'RedisClient.send()');
      if (refused !== undefined) return Promise.reject(refused);
    }
    return this.#run(command.args, command.spec, options, command.transform) as Promise<T>;
  }

  /**
   * Sends any command, module commands included, untyped.
   * @example `await redis.sendCommand(['OBJECT', 'ENCODING', 'k'])`
   * @throws TypeError (before anything is written) when an argument is not a string, Buffer, number or bigint
   * @throws UnknownOptionError (a TypeError) for an unknown key in `options`; nothing is sent
   */
  sendCommand(args: readonly CommandArgument[], options?: CommandOptions): Promise<RespValue> {
    if (options !== undefined && options !== this.#checkedOptions) {
      const refused = this.#checkOptions(options, 'RedisClient.sendCommand()');
      if (refused !== undefined) return Promise.reject(refused);
    }
    return this.#run(args, specOf(args), options) as Promise<RespValue>;
  }

  /**
   * From the client-side cache when there is one and it can answer, else to the server; then
   * `transform`. The cache applies it to a hit itself, so a hit settles in one promise; the
   * connection applies it to a reply on the reply's tick, so a reply settles in one promise too,
   * except one the cache is filled with, which it keeps as it came.
   */
  #run(
    args: readonly CommandArgument[],
    spec: CommandSpec | undefined,
    options: CommandOptions | undefined,
    transform?: BuiltCommand<unknown>['transform'],
  ): Promise<unknown> {
    const cache = this.#core.cache;
    const found = cache?.lookup(args, spec, this.#settings.returnBuffers, transform);
    if (found instanceof Promise) return found;
    const read = isResendableSpec(spec);
    const shape = found === undefined ? transform : undefined;
    const reply =
      this.#core.traced && isTraced(commandChannel)
        ? this.#traced(args, spec, options, read, shape)
        : this.#dispatch(args, options, read, undefined, shape);
    if (found === undefined) return reply;
    const filled = (cache as ClientSideCache).fill(found, reply as Promise<RespValue>);
    return transform === undefined ? filled : filled.then(transform);
  }

  /** Opens the connection now rather than on the first command. */
  connect(): Promise<void> {
    return this.#core.connection.connect();
  }

  /**
   * The same client with per-call defaults: every command sent through the view gets this
   * timeout and signal unless the call says otherwise. Shares the connection.
   * @throws UnknownOptionError (a TypeError) for an unknown key
   */
  withOptions(options: CommandOptions): RedisClient<S> {
    checkOptionKeys(options, COMMAND_OPTION_KEYS, 'RedisClient.withOptions()');
    return this.#view<S>({ ...this.#settings, ...options });
  }

  /**
   * A new, independent client with this one's options (`overrides` win over them): its own
   * connection and pool, connected lazily, closed on its own. It replies in this view's form
   * (strings or Buffers); per-call defaults from `withOptions` are not carried over.
   * @example
   * ```ts
   * const reports = redis.duplicate({ db: 2, name: 'reports' });
   * ```
   * @throws TypeError or RangeError when an override is invalid (nothing is opened)
   */
  duplicate(overrides?: ClientOptions): RedisClient<S> {
    const settings: ViewSettings = { returnBuffers: this.#settings.returnBuffers };
    return new RedisClient<S>(this.#core.duplicate(overrides), settings);
  }

  /** The same client, replying with Buffers instead of strings. Shares the connection. */
  withBuffers(): RedisClient<Buffer> {
    return this.#view<Buffer>({ ...this.#settings, returnBuffers: true });
  }

  /** A view on the same core: on an isolated client's core, an isolated client again. */
  #view<V extends string | Buffer>(settings: ViewSettings): RedisClient<V> {
    return this.#core.lease === undefined
      ? new RedisClient<V>(this.#core, settings)
      : new IsolatedRedisClient<V>(this.#core, settings);
  }

  /**
   * Leases a dedicated connection from the pool and calls `fn` with a client bound to it (same
   * methods; blocking commands run on that connection too), for WATCH and other connection
   * state. When `fn` resolves, UNWATCH is sent and the connection goes back to the pool; when
   * it throws, or left the connection in another state (MULTI without EXEC, SELECT, SUBSCRIBE,
   * CLIENT SETNAME, ...), the connection is destroyed instead. The client given to `fn` refuses
   * commands once `fn` has returned.
   *
   * @returns what `fn` returns
   * @throws PoolExhaustedError when no pooled connection can be had (see `poolWhenExhausted`)
   * @throws AbortError when `options.signal` aborts while waiting for one
   * @example
   * ```ts
   * await redis.isolated(async (conn) => {
   *   await conn.watch('counter'); // connection-state commands are methods here only
   *   const n = Number(await conn.get('counter'));
   *   return conn.multi().set('counter', String(n + 1)).exec();
   * });
   * ```
   */
  async isolated<T>(
    fn: (client: IsolatedClient<S>) => T | Promise<T>,
    options?: Pick<CommandOptions, 'signal'>,
  ): Promise<T> {
    if (options !== undefined) checkOptionKeys(options, SIGNAL_KEYS, 'RedisClient.isolated()');
    const { pool } = this.#core.blocking;
    const pooled = await pool.acquire(options?.signal ?? this.#settings.signal);
    const lease: IsolatedLease = { pooled, active: true };
    // No cache: the pooled connection does not track; nothing could invalidate what it reads.
    const core: ClientCore = {
      ...this.#core,
      connection: pooled.connection,
      lease,
      cache: undefined,
    };
    try {
      const result = await fn(
        new IsolatedRedisClient<S>(core, this.#settings) as IsolatedClient<S>,
      );
      if (!pooled.dirty) {
        // EXEC and DISCARD unwatch already; one UNWATCH covers every other way out.
        const reply = await pooled.connection.send(['UNWATCH']).catch(() => undefined);
        if (reply !== 'OK') pooled.dirty = true;
      }
      return result;
    } catch (error) {
      pooled.dirty = true;
      throw error;
    } finally {
      lease.active = false;
      pool.release(pooled);
    }
  }

  /**
   * Where this client's batches write: straight to its connection (an isolated client's own),
   * in call order, never to the blocking pool. For `@redwire/cluster`'s transactions, which
   * forward MULTI ... EXEC to the slot's owner.
   * @internal
   */
  batchChannel(): CommandChannel {
    return this.#channel();
  }

  /**
   * A subscriber on a new connection of its own, made from this client's connection options;
   * it yields Buffers on a `withBuffers()` view, strings otherwise. Lazy: the first
   * subscription connects. The subscriber lives apart from the client: close it on its own
   * (`close()` or `await using`); closing the client does not close it.
   *
   * @param options - the defaults of its message streams (`maxBuffered`, `overflow`)
   * @example
   * ```ts
   * await using sub = redis.subscriber();
   * await sub.subscribe('news', (m) => console.log(m.message));
   * await redis.publish('news', 'hello');
   * ```
   */
  subscriber(options?: StreamOptions): Subscriber<S> {
    if (options !== undefined) {
      checkOptionKeys(options, STREAM_OPTION_KEYS, 'RedisClient.subscriber()');
    }
    const returnBuffers = this.#settings.returnBuffers;
    return new Subscriber<S>(this.#core.createConnection(), { ...options, returnBuffers });
  }

  /**
   * Records commands to send together in one round trip, replies in order (not atomic).
   * @example `await redis.pipeline().sendCommand(['SET', 'a', '1']).sendCommand(['INCR', 'n']).exec()`
   */
  pipeline(): Pipeline {
    return new Pipeline(this.#channel());
  }

  /**
   * Records commands to run atomically with MULTI ... EXEC. On an `isolated` client after
   * WATCH, EXEC is optimistic and rejects with WatchError when a watched key changed.
   */
  multi(): Multi {
    return new Multi(this.#channel());
  }

  /**
   * The WATCH / read / MULTI ... EXEC loop on a dedicated connection, retried while a watched
   * key changes concurrently. `fn` reads through the client it receives and returns the
   * `multi()` to execute, or undefined to give up without writing.
   *
   * @returns the EXEC replies, or undefined when `fn` gave up
   * @throws WatchError when all `maxAttempts` (default 10) were aborted by concurrent changes
   * @example
   * ```ts
   * await redis.transaction(['counter'], async (tx) => {
   *   const n = Number(await tx.sendCommand(['GET', 'counter']));
   *   return tx.multi().sendCommand(['SET', 'counter', String(n + 1)]);
   * }, { maxAttempts: 10 });
   * ```
   */
  transaction(
    keys: readonly string[],
    fn: (client: RedisClient<S>) => Promise<Multi | undefined> | Multi | undefined,
    options?: TransactionOptions,
  ): Promise<unknown[] | undefined> {
    return runTransaction<RedisClient<S>>(
      (work) => this.isolated(work),
      keys,
      fn,
      options,
      'RedisClient.transaction()',
    );
  }

  /**
   * Every key of the database (filtered by `match` and `type`), with SCAN, one page at a time:
   * the next page is fetched only once the loop has taken the current one, and leaving the loop
   * sends no further SCAN. A key may be yielded twice (Redis promises "at least once"); keys are
   * Buffers on a `withBuffers()` view. See scan.ts.
   *
   * @throws AbortError when `options.signal` aborts
   * @example `for await (const key of redis.scanIterator({ match: 'user:*', count: 100 })) {}`
   */
  scanIterator(options?: ScanIteratorOptions): AsyncGenerator<S, void, undefined> {
    checkScanOptions(options, SCAN_ITERATOR_OPTION_KEYS, 'RedisClient.scanIterator()');
    return scanKeys<S>(this, options);
  }

  /** Every field of the hash at `key` as `{ field, value }`, with HSCAN (as `scanIterator`). */
  hscanIterator(
    key: RedisKey,
    options?: ScanPageOptions,
  ): AsyncGenerator<HashEntry<S>, void, undefined> {
    checkScanOptions(options, SCAN_PAGE_OPTION_KEYS, 'RedisClient.hscanIterator()');
    return scanHash<S>(this, key, options);
  }

  /** Every member of the set at `key`, with SSCAN (as `scanIterator`). */
  sscanIterator(key: RedisKey, options?: ScanPageOptions): AsyncGenerator<S, void, undefined> {
    checkScanOptions(options, SCAN_PAGE_OPTION_KEYS, 'RedisClient.sscanIterator()');
    return scanSet<S>(this, key, options);
  }

  /** Every member of the sorted set at `key` as `{ member, score }`, with ZSCAN (as `scanIterator`). */
  zscanIterator(
    key: RedisKey,
    options?: ScanPageOptions,
  ): AsyncGenerator<SortedSetEntry<S>, void, undefined> {
    checkScanOptions(options, SCAN_PAGE_OPTION_KEYS, 'RedisClient.zscanIterator()');
    return scanSortedSet<S>(this, key, options);
  }

  /** The client-side cache (`clientSideCache`): its `stats`, and `flush()`. Undefined without one. */
  get clientSideCache(): ClientSideCache | undefined {
    return this.#core.cache;
  }

  /** How many pooled connections are opening, idle, leased or closing, and how many callers wait. */
  poolStats(): PoolStats {
    return this.#core.blocking.pool.stats;
  }

  /**
   * Closes gracefully: commands already sent get their replies; blocking commands in flight
   * end as if their own timeout had passed (CLIENT UNBLOCK: BLPOP resolves null, no element is
   * lost); callers waiting for a pooled connection reject with `ConnectionError`
   * (`REDWIRE_CONNECTION_CLOSED`); `isolated` callbacks still running finish first, then their
   * connections close. Resolves once every connection has closed.
   *
   * On the client an `isolated` callback receives, this closes only its own connection, which
   * is then not returned to the pool.
   */
  async close(): Promise<void> {
    const lease = this.#core.lease;
    if (lease !== undefined) {
      lease.pooled.dirty = true;
      if (lease.active) await lease.pooled.connection.close();
      return;
    }
    // A closed client answers nothing, not even from its cache.
    this.#core.cache?.flush();
    const { pool, shared } = this.#core.blocking;
    const poolClosed = pool.close();
    // UNBLOCK goes out on the shared connection, so it closes after them.
    await releaseBlocked(this.#core.blocking);
    await Promise.all([poolClosed, shared.close()]);
  }

  /**
   * Closes now: the shared connection and every pooled one (leased ones included) are
   * destroyed; pending commands reject with `ConnectionError`. On an isolated client, only its
   * own connection.
   */
  destroy(): void {
    const lease = this.#core.lease;
    if (lease !== undefined) {
      lease.pooled.dirty = true;
      if (lease.active) lease.pooled.connection.destroy();
      return;
    }
    this.#core.blocking.pool.destroy();
    this.#core.blocking.shared.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Listens to the connection's events: `connect`, `ready`, `error`, `reconnecting`, `end`. */
  on<E extends keyof ConnectionEvents>(
    event: E,
    listener: (...args: ConnectionEvents[E]) => void,
  ): this {
    this.#core.events.on(event, listener as never);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends keyof ConnectionEvents>(
    event: E,
    listener: (...args: ConnectionEvents[E]) => void,
  ): this {
    this.#core.events.off(event, listener as never);
    return this;
  }

  /** As `on`, for the next time `event` is emitted only. */
  once<E extends keyof ConnectionEvents>(
    event: E,
    listener: (...args: ConnectionEvents[E]) => void,
  ): this {
    this.#core.events.once(event, listener as never);
    return this;
  }

  [inspect.custom](): string {
    return `RedisClient ${inspect(this.#core.connection)}`;
  }

  /** {@link RedisClient.#dispatch}, published on `redwire:command`. */
  #traced(
    args: readonly CommandArgument[],
    spec: CommandSpec | undefined,
    options: CommandOptions | undefined,
    read: boolean,
    transform: ReplyTransform | undefined,
  ): Promise<unknown> {
    const context = new CommandTraceContext(args, spec, this.#core.connection.server);
    if (needsTracePromise()) {
      // Shaped after the trace ends, so that its result is the reply as it came, as below.
      const traced = commandChannel.tracePromise(
        this.#dispatch,
        context,
        this,
        args,
        options,
        read,
      );
      return transform === undefined ? traced : (traced as Promise<RespValue>).then(transform);
    }
    // By hand: the connection ends the trace on the reply's tick (see needsTracePromise).
    commandChannel.start.publish(context);
    try {
      return this.#dispatch(args, options, read, context, transform);
    } finally {
      commandChannel.end.publish(context);
    }
  }

  /**
   * Ordinary commands to this view's connection; blocking ones to a dedicated connection.
   * `read`: the command is a read, written again after a lost connection unless the caller
   * said otherwise. `observer`: told the outcome first, when the command is traced.
   * `transform`: shapes the reply before the promise resolves with it.
   */
  #dispatch(
    args: readonly CommandArgument[],
    options: CommandOptions | undefined,
    read: boolean,
    observer?: ReplyObserver,
    transform?: ReplyTransform,
  ): Promise<unknown> {
    const lease = this.#core.lease;
    // Not on an isolated connection: its state (WATCH above all) does not survive a reconnect,
    // and a read written again without it would let the EXEC that follows run unguarded.
    const retry =
      lease === undefined &&
      (options?.retryOnReconnect ??
        this.#settings.retryOnReconnect ??
        (read || this.#core.retryLostWrites));
    return dispatchCommand(
      this.#core,
      args,
      this.#sendOptions(options, retry),
      observer,
      transform,
    );
  }

  /**
   * Batches go straight to this view's connection: MULTI ... EXEC must stay on one connection,
   * and a blocking command inside MULTI does not block. Nothing of a batch is written twice.
   */
  #channel(): CommandChannel {
    return {
      shared: this.#core.lease === undefined,
      server: this.#core.traced ? this.#core.connection.server : undefined,
      sendRaw: (args) => {
        const lease = this.#core.lease;
        if (lease !== undefined && !lease.active) return Promise.reject(leaseEndedError());
        return this.#core.connection.send(args, this.#sendOptions(undefined, false));
      },
      sendEach: (batch, sink) => {
        const lease = this.#core.lease;
        if (lease !== undefined && !lease.active) {
          for (let index = 0; index < batch.length; index++) sink.settle(index, leaseEndedError());
          return;
        }
        this.#core.connection.sendEach(batch, sink, this.#sendOptions(undefined, false));
      },
    };
  }

  /** An unknown key in per-call options, as the error to reject with. */
  #checkOptions(options: CommandOptions, where: string): Error | undefined {
    const refused = unknownOptionKey(options, COMMAND_OPTION_KEYS, where);
    if (refused === undefined) this.#checkedOptions = options;
    return refused;
  }

  #sendOptions(options: CommandOptions | undefined, retry: boolean): SendOptions {
    if (options === undefined || (options.timeout === undefined && options.signal === undefined)) {
      // The common call: the view's own options, built once (the connection does not keep them).
      if (retry) {
        this.#resendDefaults ??= this.#buildSendOptions(undefined, true);
        return this.#resendDefaults;
      }
      this.#defaults ??= this.#buildSendOptions(undefined, false);
      return this.#defaults;
    }
    return this.#buildSendOptions(options, retry);
  }

  #buildSendOptions(options: CommandOptions | undefined, retry: boolean): SendOptions {
    const timeout = options?.timeout ?? this.#settings.timeout;
    const signal = options?.signal ?? this.#settings.signal;
    return {
      returnBuffers: this.#settings.returnBuffers,
      ...(retry ? { retryOnReconnect: true } : {}),
      ...(timeout === undefined ? {} : { timeout }),
      ...(signal === undefined ? {} : { signal }),
    };
  }
}

/**
 * The client `isolated` lends: a {@link RedisClient} on one pooled connection that also has
 * the commands that set connection state ({@link CONNECTION_STATE_COMMANDS}: `watch`,
 * `clientSetname`, ...) as methods, since no other caller shares that connection.
 */
export type IsolatedClient<S extends string | Buffer = string> = IsolatedViews<S> &
  RedisClient<S> &
  ConnectionStateCommands<S>;

/**
 * The views of an isolated client are isolated clients on the same connection. Listed first in
 * {@link IsolatedClient}: of an intersection's overloads, the first that matches is taken.
 */
export interface IsolatedViews<S extends string | Buffer> {
  /** As {@link RedisClient.withOptions}, on this client's own connection. */
  withOptions(options: CommandOptions): IsolatedClient<S>;
  /** As {@link RedisClient.withBuffers}, on this client's own connection. */
  withBuffers(): IsolatedClient<Buffer>;
}

/** The class behind {@link IsolatedClient}: its prototype adds the connection-state methods. */
class IsolatedRedisClient<S extends string | Buffer = string> extends RedisClient<S> {}

installCommands(
  RedisClient.prototype,
  [...CLIENT_EXCLUDED, ...CONNECTION_STATE_COMMANDS],
  (client: RedisClient, command) => client.send(command),
  'promise',
);
installCommandSubset(
  IsolatedRedisClient.prototype,
  CONNECTION_STATE_COMMANDS,
  (client: RedisClient, command) => client.send(command),
  'promise',
);
