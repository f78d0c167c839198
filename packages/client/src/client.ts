/**
 * `RedisClient`: the standalone client. Ordinary commands share one multiplexed connection,
 * pipelined automatically. Views made by `withOptions` and `withBuffers` share that same
 * connection: they are cheap, and closing any of them closes the client.
 */
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { Connection, type ConnectionEvents } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';
import type { ClientOptions } from './options.js';
import type { CommandOptions, CommandSender } from './sender.js';

/**
 * What every view of one client shares.
 * @internal
 */
export interface ClientCore {
  readonly connection: Connection;
  readonly events: EventEmitter<ConnectionEvents>;
}

/**
 * How a view sends: per-call defaults and the reply form.
 * @internal
 */
export interface ViewSettings extends CommandOptions {
  readonly returnBuffers: boolean;
}

const FORWARDED_EVENTS = ['connect', 'ready', 'error', 'reconnecting', 'end'] as const;

/**
 * Builds the shared part of a client: its connection, and the emitter its events are
 * forwarded to.
 * @internal
 */
export function createClientCore(
  urlOrOptions?: string | ClientOptions,
  options?: ClientOptions,
): ClientCore {
  const connection = new Connection(urlOrOptions, options);
  const events = new EventEmitter<ConnectionEvents>();
  for (const name of FORWARDED_EVENTS) {
    connection.on(name, (...args: unknown[]) => {
      // 'error' only when someone listens: an unwatched client must not crash the process.
      if (name === 'error' && events.listenerCount('error') === 0) return;
      (events.emit as (event: string, ...values: unknown[]) => boolean)(name, ...args);
    });
  }
  return { connection, events };
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
export class RedisClient implements CommandSender {
  readonly #core: ClientCore;
  readonly #settings: ViewSettings;

  /**
   * Use `createClient(url | options)`; this constructor wires a view over a shared core.
   * @internal
   */
  constructor(core: ClientCore, settings: ViewSettings = { returnBuffers: false }) {
    this.#core = core;
    this.#settings = settings;
  }

  /** Where the shared connection is in its life: `idle`, `connecting`, `ready`, `reconnecting`, `closing`, `closed`. */
  get status(): string {
    return this.#core.connection.status;
  }

  /** Runs a built command (what the typed methods do) and resolves with its reply. */
  send<T>(command: BuiltCommand<T>, options?: CommandOptions): Promise<T> {
    const reply = this.#core.connection.send(command.args, this.#sendOptions(options));
    const transform = command.transform;
    return transform === undefined ? (reply as Promise<T>) : reply.then(transform);
  }

  /**
   * Sends any command, module commands included, untyped.
   * @example `await redis.sendCommand(['OBJECT', 'ENCODING', 'k'])`
   * @throws TypeError (before anything is written) when an argument is not a string, Buffer, number or bigint
   */
  sendCommand(args: readonly CommandArgument[], options?: CommandOptions): Promise<RespValue> {
    return this.#core.connection.send(args, this.#sendOptions(options));
  }

  /** Opens the connection now rather than on the first command. */
  connect(): Promise<void> {
    return this.#core.connection.connect();
  }

  /**
   * The same client with per-call defaults: every command sent through the view gets this
   * timeout and signal unless the call says otherwise. Shares the connection.
   */
  withOptions(options: CommandOptions): RedisClient {
    return new RedisClient(this.#core, { ...this.#settings, ...options });
  }

  /** The same client, replying with Buffers instead of strings. Shares the connection. */
  withBuffers(): RedisClient {
    return new RedisClient(this.#core, { ...this.#settings, returnBuffers: true });
  }

  /** Closes gracefully: commands already sent get their replies, then the connection ends. */
  close(): Promise<void> {
    return this.#core.connection.close();
  }

  /** Closes now; every pending command rejects with `ConnectionError`. */
  destroy(): void {
    this.#core.connection.destroy();
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

  off<E extends keyof ConnectionEvents>(
    event: E,
    listener: (...args: ConnectionEvents[E]) => void,
  ): this {
    this.#core.events.off(event, listener as never);
    return this;
  }

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

  #sendOptions(options: CommandOptions | undefined) {
    const timeout = options?.timeout ?? this.#settings.timeout;
    const signal = options?.signal ?? this.#settings.signal;
    return {
      returnBuffers: this.#settings.returnBuffers,
      ...(timeout === undefined ? {} : { timeout }),
      ...(signal === undefined ? {} : { signal }),
    };
  }
}
