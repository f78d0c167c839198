/**
 * `Connection`: one socket to one Redis server, as its users see it. This file checks what a
 * caller passes and builds each command; the socket's life (opening, the handshake, writing,
 * reading, losing it, reconnecting, closing) is socket-lifecycle.ts, whose header draws the
 * state machine.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import {
  type CommandArgument,
  checkOptionKeys,
  encodeCommand,
  type PushFrame,
  type RespValue,
  releaseEncoded,
} from '@redwire/protocol';
import { whenAborted } from './abort-watch.js';
import { timeoutFor } from './admission.js';
import { ConnectionProbe } from './connection-probe.js';
import type { ConnectionEvents, ConnectionStatus, SendOptions } from './connection-types.js';
import type { ServerAttributes } from './diagnostics.js';
import { abortError } from './errors.js';
import { PUB_SUB_MODE_OPTION_KEYS, SendOptionsCheck } from './option-keys.js';
import {
  type ConnectionOptions,
  type ResolvedConnectionOptions,
  resolveConnectionOptionsFor,
} from './options.js';
import {
  observeOutcome,
  PendingCommand,
  type ReplyObserver,
  type ReplySink,
  type ReplyTransform,
} from './pending-command.js';
import { describeAddress, redactOptions } from './redact.js';
import { SocketLifecycle } from './socket-lifecycle.js';
import {
  confirmationsFor,
  type PubSubModeOptions,
  type PushConfirmations,
} from './subscriber-mode.js';

/**
 * One connection to one Redis server, with automatic pipelining, per-command timeouts and
 * cancellation, and reconnection. Lazy: constructing it does no I/O; the first command (or
 * {@link Connection.connect}) opens the socket.
 *
 * @example
 * ```ts
 * const connection = new Connection('redis://localhost:6379');
 * await connection.send(['SET', 'greeting', 'hello']);
 * await connection.send(['GET', 'greeting']); // 'hello'
 * await connection.close();
 * ```
 */
export class Connection extends EventEmitter<ConnectionEvents> {
  readonly #options: ResolvedConnectionOptions;
  readonly #address: string;
  /** What the diagnostics channels hear of this connection. */
  readonly #probe: ConnectionProbe;
  /** The socket, the command FIFOs and the state machine; this class is their front. */
  readonly #link: SocketLifecycle;
  readonly #sendOptions = new SendOptionsCheck();

  /**
   * @param urlOrOptions - a `redis://`, `rediss://` or `unix://` URL, or options
   * @param options - options that win over what the URL says
   * @throws TypeError or RangeError when an option is invalid (nothing is opened)
   */
  constructor(urlOrOptions?: string | ConnectionOptions, options?: ConnectionOptions) {
    super();
    this.#options = resolveConnectionOptionsFor('new Connection()', urlOrOptions, options);
    this.#address = describeAddress(this.#options);
    this.#probe = new ConnectionProbe(this.#options);
    this.#link = new SocketLifecycle(this.#options, this.#address, this.#probe, this);
  }

  /** Where the connection is in its life. */
  get status(): ConnectionStatus {
    return this.#link.status;
  }

  /** Where the connection goes, as diagnostics payloads name it (no credentials); frozen. */
  get server(): ServerAttributes {
    return this.#probe.server;
  }

  /** The RESP version in use: the one asked for until a handshake says otherwise. */
  get protocol(): 2 | 3 {
    return this.#link.protocol;
  }

  /** Commands queued or awaiting replies (including ones given up on whose replies are due). */
  get pendingCommands(): number {
    return this.#link.pendingCommands;
  }

  /**
   * Replies read since the connection was made, across reconnects. With
   * {@link Connection.awaitingReplies} it tells a stalled server: commands await replies and
   * this number stands still. Free to read; a cluster's watchdog samples it.
   */
  get repliesReceived(): number {
    return this.#link.repliesReceived;
  }

  /** Commands written to the current socket whose replies have not come (given-up ones included). */
  get awaitingReplies(): number {
    return this.#link.awaitingReplies;
  }

  /**
   * Opens the connection now instead of on the first command.
   * @throws {@link ConnectionError} when the server cannot be reached or the handshake fails
   * (a {@link ReplyError} such as `WRONGPASS` is its cause and also what this rejects with).
   */
  connect(): Promise<void> {
    return this.#link.connect();
  }

  /**
   * Sends a command and resolves with its reply; an error reply rejects with {@link ReplyError}.
   * Commands sent in the same tick go out in one socket write.
   *
   * @throws ArgumentError (a TypeError) for an argument that cannot be encoded; nothing is sent
   * @throws {@link TimeoutError} when the reply does not come in time
   * @throws {@link AbortError} when `options.signal` aborts first
   * @param observer - told the outcome first, on the reply's tick (how a client traces commands)
   * @param transform - shapes a reply that is not an error, on the reply's tick, and the promise
   * resolves with what it returns; what it throws rejects the promise
   * @throws {@link ConnectionError} when the connection is closed, a queue is full, or the socket
   * died after the command was written (it may have run)
   */
  send<T = RespValue>(
    args: readonly CommandArgument[],
    options?: SendOptions,
    observer?: ReplyObserver,
    transform?: ReplyTransform<T>,
  ): Promise<T> {
    return this.#enqueue(args, options, undefined, observer, transform) as Promise<T>;
  }

  /**
   * Pub/sub mode, for a subscriber's own connection: RESP2 arrays that are pub/sub frames become
   * `push` events instead of replies, and {@link Connection.sendPubSub} may be used (see
   * subscriber-mode.ts). @throws Error once the connection has been opened
   */
  usePubSub(options?: PubSubModeOptions): void {
    if (this.#link.opened) throw new Error('usePubSub() after opening');
    if (options !== undefined)
      checkOptionKeys(options, PUB_SUB_MODE_OPTION_KEYS, 'Connection.usePubSub()');
    this.#link.usePubSub(options);
  }

  /**
   * Sends (P|S)SUBSCRIBE or (P|S)UNSUBSCRIBE with at least one name; resolves with the server's
   * confirmations (one frame per name, each also emitted as `push`) once all have arrived. Needs
   * {@link Connection.usePubSub}. An error reply (`NOPERM`, `MOVED`) rejects as for `send`.
   */
  sendPubSub(args: readonly CommandArgument[], options?: SendOptions): Promise<PushFrame[]> {
    const awaited = this.#link.pubSub
      ? confirmationsFor(args)
      : new Error('sendPubSub needs usePubSub');
    if (awaited instanceof Error) return Promise.reject(awaited);
    return this.#enqueue(args, options, awaited) as Promise<PushFrame[]>;
  }

  /**
   * Sends every command of `batch` in order, as `send` would one by one, but hands each outcome
   * to `sink.settle(index, outcome)` instead of a promise: the reply (a `ReplyError` for an
   * error reply) or the error that ended it, a refused argument included (that command alone is
   * not written). For pipelines, where a promise per command is most of the client's cost.
   */
  sendEach(
    batch: readonly (readonly CommandArgument[])[],
    sink: ReplySink,
    options?: SendOptions,
  ): void {
    // One clock reading starts every deadline of the batch.
    const now = performance.now();
    const refused = this.#sendOptions.refusal(options, 'sendEach()');
    for (let index = 0; index < batch.length; index++) {
      if (refused !== undefined) {
        sink.settle(index, refused);
        continue;
      }
      const args = batch[index] as readonly CommandArgument[];
      const admitted = this.#admit(args, options, sink, index, now);
      if (admitted instanceof Error) sink.settle(index, admitted);
    }
  }

  #enqueue(
    args: readonly CommandArgument[],
    options?: SendOptions,
    awaited?: PushConfirmations,
    observer?: ReplyObserver,
    transform?: ReplyTransform,
  ) {
    const admitted =
      this.#sendOptions.refusal(options, awaited === undefined ? 'send()' : 'sendPubSub()') ??
      this.#admit(args, options, undefined, 0, performance.now(), awaited, observer, transform);
    // Told after the caller's synchronous part, as for a command that was written.
    if (admitted instanceof Error) return observeOutcome(Promise.reject(admitted), observer);
    // Admitted without a sink: it has its promise.
    return admitted.promise as Promise<RespValue>;
  }

  /** Queues a command, or says why it cannot be (nothing of it is written then). */
  #admit(
    args: readonly CommandArgument[],
    options: SendOptions | undefined,
    sink: ReplySink | undefined,
    index: number,
    now: number,
    awaited?: PushConfirmations,
    observer?: ReplyObserver,
    transform?: ReplyTransform,
  ): PendingCommand | Error {
    let encoded: ReturnType<typeof encodeCommand>;
    try {
      encoded = encodeCommand(args, this.#options.maxArgumentBytes);
    } catch (error) {
      return error as Error;
    }
    const signal = options?.signal;
    const refused = this.#link.refusal(args, signal);
    if (refused !== undefined) {
      releaseEncoded(encoded);
      return refused;
    }

    const first = args[0];
    const command = new PendingCommand(
      typeof first === 'string' ? first : 'command',
      encoded,
      options?.returnBuffers === true,
      options?.retryOnReconnect === true,
      timeoutFor(this.#options, options),
      now,
      sink,
      index,
    );
    command.confirmations = awaited;
    command.observer = observer;
    command.transform = transform;
    if (signal !== undefined) {
      const stop = whenAborted(signal, () =>
        this.#link.settleEarly(command, abortError(command.name, signal)),
      );
      command.onSettle(stop);
    }
    this.#link.enqueue(command);
    return command;
  }

  /**
   * Closes gracefully: commands already sent or queued get their replies, new ones are refused,
   * then the socket ends. Resolves once it has closed; nothing of the connection stays alive.
   */
  close(): Promise<void> {
    return this.#link.close();
  }

  /** Closes now: the socket is destroyed and every pending command rejects with {@link ConnectionError}. */
  destroy(error?: Error): void {
    this.#link.destroy(error);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  [inspect.custom](): string {
    const details = {
      status: this.status,
      address: this.#address,
      protocol: this.protocol,
      pending: this.pendingCommands,
    };
    return `Connection ${inspect(details)}`;
  }

  /**
   * Throws what sending `args` would reject with for the arguments themselves (`ArgumentError`
   * for one that cannot be encoded, `ArgumentTooLargeError` for one over `maxArgumentBytes`),
   * sending nothing: for callers that must know before taking another resource.
   */
  checkArguments(args: readonly CommandArgument[]): void {
    // Encoded to be checked, never written: a large argument's room goes back at once.
    releaseEncoded(encodeCommand(args, this.#options.maxArgumentBytes));
  }

  /** The options in effect, with secrets masked; safe to log. */
  describeOptions(): Record<string, unknown> {
    return redactOptions(this.#options);
  }
}
