/**
 * `Connection`: one socket to one Redis server, and the state machine around it.
 *
 *   idle ──send/connect──▶ connecting ──handshake ok──▶ ready ──close()──▶ closing ──▶ closed
 *                            ▲    │                       │
 *                            │    └──failed──┐   socket lost
 *                            └── reconnecting ◀──────────┘        destroy(): any ──▶ closed
 *
 * Commands wait in one FIFO until written and in a second until answered; replies arrive in
 * order, so the head of the second FIFO owns the next reply. A command that gives up (timeout,
 * abort) after being written stays there so that its reply is read and dropped.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { inspect } from 'node:util';
import {
  type CommandArgument,
  checkOptionKeys,
  Decoder,
  encodeCommand,
  type PushFrame,
  ReplyError,
  type RespValue,
} from '@redwire/protocol';
import { whenAborted } from './abort-watch.js';
import { queueBoundError, timeoutFor } from './admission.js';
import { ConnectionProbe } from './connection-probe.js';
import type { ConnectionEvents, ConnectionStatus, SendOptions } from './connection-types.js';
import { Deadlines } from './deadlines.js';
import type { ServerAttributes } from './diagnostics.js';
import {
  abortError,
  ConnectionError,
  closedError,
  commandTimeoutError,
  offlineError,
} from './errors.js';
import { Fifo } from './fifo.js';
import {
  type HandshakeCommand,
  HandshakeRefused,
  helloHandshake,
  helloUnsupported,
  negotiatedProtocol,
  resp2Handshake,
} from './handshake.js';
import { HealthCheck } from './health-check.js';
import { PUB_SUB_MODE_OPTION_KEYS, SEND_OPTION_KEYS } from './option-keys.js';
import {
  type ConnectionOptions,
  type ResolvedConnectionOptions,
  resolveConnectionOptionsFor,
} from './options.js';
import { commandName, hasLive, PendingCommand, type ReplySink } from './pending-command.js';
import { describeAddress, redactOptions } from './redact.js';
import { openSocket } from './socket.js';
import {
  confirmationsFor,
  createPubSubDecoder,
  type PubSubModeOptions,
  type PushConfirmations,
} from './subscriber-mode.js';
import { collectBatch, EARLY_WRITE_BYTES, encodedSize, writePayload } from './write-batch.js';

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
  #decoder: Decoder;
  readonly #queue = new Fifo<PendingCommand>();
  readonly #written = new Fifo<PendingCommand>();
  readonly #deadlines: Deadlines;
  readonly #health: HealthCheck;

  #status: ConnectionStatus = 'idle';
  #pubSub = false;
  #protocol: 2 | 3;
  #socket: Socket | undefined;
  #flushScheduled = false;
  /** Bytes queued since the last write; past EARLY_WRITE_BYTES they leave before the tick ends. */
  #unflushedBytes = 0;
  #awaitingDrain = false;
  #everReady = false;
  #attempt = 0;
  /** Why the socket is down, while it is: given as the cause of offline timeouts. */
  #lastConnectError: Error | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #connectWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #closeWaiters: (() => void)[] = [];
  /** What the diagnostics channels hear of this connection. */
  readonly #probe: ConnectionProbe;
  /** The send options last checked for unknown keys: a client passes the same object again and again. */
  #checkedSendOptions: SendOptions | undefined;

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
    this.#protocol = this.#options.protocol;
    this.#decoder = this.#createDecoder(undefined);
    this.#deadlines = new Deadlines((command) => this.#timedOut(command));
    this.#health = new HealthCheck(this.#options.pingInterval, {
      ping: () => this.#sendInternal(['PING']),
      dead: (error) => this.#socket?.destroy(error),
    });
  }

  /** Where the connection is in its life. */
  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Where the connection goes, as diagnostics payloads name it (no credentials); frozen. */
  get server(): ServerAttributes {
    return this.#probe.server;
  }

  /** The RESP version in use: the one asked for until a handshake says otherwise. */
  get protocol(): 2 | 3 {
    return this.#protocol;
  }

  /** Commands queued or awaiting replies (including ones given up on whose replies are due). */
  get pendingCommands(): number {
    return this.#queue.length + this.#written.length;
  }

  /**
   * Opens the connection now instead of on the first command.
   * @throws {@link ConnectionError} when the server cannot be reached or the handshake fails
   * (a {@link ReplyError} such as `WRONGPASS` is its cause and also what this rejects with).
   */
  connect(): Promise<void> {
    if (this.#status === 'ready') return Promise.resolve();
    if (this.#status === 'closing' || this.#status === 'closed')
      return Promise.reject(this.#closedError());
    const ready = new Promise<void>((resolve, reject) =>
      this.#connectWaiters.push({ resolve, reject }),
    );
    if (this.#status === 'idle') this.#open();
    return ready;
  }

  /**
   * Sends a command and resolves with its reply; an error reply rejects with {@link ReplyError}.
   * Commands sent in the same tick go out in one socket write.
   *
   * @throws ArgumentError (a TypeError) for an argument that cannot be encoded; nothing is sent
   * @throws {@link TimeoutError} when the reply does not come in time
   * @throws {@link AbortError} when `options.signal` aborts first
   * @throws {@link ConnectionError} when the connection is closed, a queue is full, or the socket
   * died after the command was written (it may have run)
   */
  send(args: readonly CommandArgument[], options?: SendOptions): Promise<RespValue> {
    return this.#enqueue(args, options);
  }

  /**
   * Pub/sub mode, for a subscriber's own connection: RESP2 arrays that are pub/sub frames become
   * `push` events instead of replies, and {@link Connection.sendPubSub} may be used (see
   * subscriber-mode.ts). @throws Error once the connection has been opened
   */
  usePubSub(options?: PubSubModeOptions): void {
    if (this.#status !== 'idle' || this.#everReady) throw new Error('usePubSub() after opening');
    if (options !== undefined)
      checkOptionKeys(options, PUB_SUB_MODE_OPTION_KEYS, 'Connection.usePubSub()');
    this.#pubSub = true;
    this.#decoder = this.#createDecoder(options ?? {});
  }

  /**
   * Sends (P|S)SUBSCRIBE or (P|S)UNSUBSCRIBE with at least one name; resolves with the server's
   * confirmations (one frame per name, each also emitted as `push`) once all have arrived. Needs
   * {@link Connection.usePubSub}. An error reply (`NOPERM`, `MOVED`) rejects as for `send`.
   */
  sendPubSub(args: readonly CommandArgument[], options?: SendOptions): Promise<PushFrame[]> {
    const awaited = this.#pubSub ? confirmationsFor(args) : new Error('sendPubSub needs usePubSub');
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
    const refused = this.#checkSendOptions(options, 'sendEach()');
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

  #enqueue(args: readonly CommandArgument[], options?: SendOptions, awaited?: PushConfirmations) {
    const refused = this.#checkSendOptions(
      options,
      awaited === undefined ? 'send()' : 'sendPubSub()',
    );
    if (refused !== undefined) return Promise.reject(refused);
    const admitted = this.#admit(args, options, undefined, 0, performance.now(), awaited);
    if (admitted instanceof Error) return Promise.reject(admitted);
    // Admitted without a sink: it has its promise.
    return admitted.promise as Promise<RespValue>;
  }

  /** An unknown key in per-command options, as an error to reject with; nothing is sent then. */
  #checkSendOptions(options: SendOptions | undefined, method: string): Error | undefined {
    if (options === undefined || options === this.#checkedSendOptions) return undefined;
    try {
      checkOptionKeys(options, SEND_OPTION_KEYS, `Connection.${method}`);
    } catch (error) {
      return error as Error;
    }
    this.#checkedSendOptions = options;
    return undefined;
  }

  /** Queues a command, or says why it cannot be (nothing of it is written then). */
  #admit(
    args: readonly CommandArgument[],
    options: SendOptions | undefined,
    sink: ReplySink | undefined,
    index: number,
    now: number,
    awaited?: PushConfirmations,
  ): PendingCommand | Error {
    let encoded: ReturnType<typeof encodeCommand>;
    try {
      encoded = encodeCommand(args, this.#options.maxArgumentBytes);
    } catch (error) {
      return error as Error;
    }
    if (this.#status === 'closing' || this.#status === 'closed') return this.#closedError();
    const signal = options?.signal;
    if (signal?.aborted) return abortError(commandName(args), signal);
    const full = queueBoundError(
      this.#options,
      this.#status === 'ready',
      this.#queue.length,
      this.#written.length,
      this.#address,
    );
    if (full !== undefined) {
      if (full.code === 'REDWIRE_OFFLINE_QUEUE_FULL') {
        this.#probe.offlineQueueFull(commandName(args), this.#options.maxOfflineCommands);
      }
      return full;
    }
    if (this.#status === 'reconnecting' && !this.#options.offlineQueue)
      return offlineError(this.#address, this.#lastConnectError);

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
    if (signal !== undefined) {
      const stop = whenAborted(signal, () =>
        this.#settleEarly(command, abortError(command.name, signal)),
      );
      command.onSettle(stop);
    }
    this.#deadlines.track(command);
    this.#queue.push(command);
    if (this.#status === 'ready') {
      this.#unflushedBytes += encodedSize(encoded);
      // A long batch starts on the wire while the rest is still being encoded, so the server
      // works on its head meanwhile instead of waiting for the whole of it.
      if (this.#unflushedBytes >= EARLY_WRITE_BYTES) this.#flush();
      else this.#scheduleFlush();
    } else if (this.#status === 'idle') this.#open();
    return command;
  }

  /**
   * Closes gracefully: commands already sent or queued get their replies, new ones are refused,
   * then the socket ends. Resolves once it has closed; nothing of the connection stays alive.
   */
  close(): Promise<void> {
    if (this.#status === 'closed') return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    if (this.#status === 'ready' || (this.#status === 'connecting' && hasLive(this.#queue))) {
      // Commands sent before close() still get their replies, even over a socket still opening.
      const ready = this.#status === 'ready';
      this.#status = 'closing';
      if (ready) {
        this.#flush();
        this.#endIfDrained();
      }
    } else if (this.#status !== 'closing') {
      // Not connected: queued commands could only run after a reconnect that will not happen.
      this.#finish(this.#closedError());
    }
    return closed;
  }

  /** Closes now: the socket is destroyed and every pending command rejects with {@link ConnectionError}. */
  destroy(error?: Error): void {
    if (this.#status === 'closed') return;
    this.#finish(this.#closedError(error));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  [inspect.custom](): string {
    const details = {
      status: this.#status,
      address: this.#address,
      protocol: this.#protocol,
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
    encodeCommand(args, this.#options.maxArgumentBytes);
  }

  /** The options in effect, with secrets masked; safe to log. */
  describeOptions(): Record<string, unknown> {
    return redactOptions(this.#options);
  }

  /** The decoder feeding replies to the FIFO; in pub/sub mode, see subscriber-mode.ts. */
  #createDecoder(pubSub: PubSubModeOptions | undefined): Decoder {
    const handlers = {
      onReply: (reply: RespValue) => this.#onReply(reply),
      onPush: (push: PushFrame) => this.#onPush(push),
      returnBuffers: () => this.#written.peek()?.returnBuffers === true,
    };
    if (pubSub === undefined) return new Decoder(handlers);
    return createPubSubDecoder(handlers, () => this.#protocol, pubSub.buffers === true);
  }

  // ── opening and the handshake ───────────────────────────────────────────────────────────

  #open(): void {
    this.#status = 'connecting';
    this.#probe.opening(Math.max(1, this.#attempt));
    const { socket, readyEvent } = openSocket(this.#options);
    this.#socket = socket;
    let failure: Error | undefined;
    this.#connectTimer = setTimeout(() => {
      socket.destroy(
        new ConnectionError(
          `Connecting to ${this.#address} timed out after ${this.#options.connectTimeout} ms`,
          { address: this.#address },
        ),
      );
    }, this.#options.connectTimeout);
    socket.once(readyEvent, () => {
      this.emit('connect');
      this.#handshake(socket).catch((error: unknown) => socket.destroy(error as Error));
    });
    socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
    socket.on('drain', () => {
      this.#awaitingDrain = false;
      this.#flush();
    });
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => this.#onSocketClosed(socket, failure));
  }

  async #handshake(socket: Socket): Promise<void> {
    this.#decoder.reset();
    let protocol: 2 | 3 = 2;
    let commands =
      this.#options.protocol === 3 ? helloHandshake(this.#options) : resp2Handshake(this.#options);
    let replies = await this.#runHandshake(socket, commands);
    if (this.#options.protocol === 3) {
      if (helloUnsupported(replies[0] as RespValue)) {
        commands = resp2Handshake(this.#options);
        replies = await this.#runHandshake(socket, commands);
      } else {
        protocol = negotiatedProtocol(replies[0] as RespValue);
      }
    }
    const failed = replies.find((reply) => reply instanceof ReplyError);
    if (failed !== undefined) throw new HandshakeRefused(failed as ReplyError);
    if (socket !== this.#socket) return;
    clearTimeout(this.#connectTimer);
    this.#protocol = protocol;
    this.#attempt = 0;
    this.#lastConnectError = undefined;
    this.#everReady = true;
    this.#status = this.#status === 'closing' ? 'closing' : 'ready';
    this.#health.start();
    this.#probe.ready(protocol);
    for (const waiter of this.#connectWaiters.splice(0)) waiter.resolve();
    this.emit('ready');
    this.#flush();
  }

  /** Writes handshake commands ahead of any queued command and collects their replies. */
  async #runHandshake(socket: Socket, commands: HandshakeCommand[]): Promise<RespValue[]> {
    const pending = commands.map((args) => this.#internalCommand(args));
    for (const command of pending) {
      command.state = 'written';
      command.written = true;
      this.#written.push(command);
    }
    socket.write(pending.map((c) => c.encoded as string).join(''));
    // Error replies are outcomes here, not failures: the caller decides what each one means.
    // Internal commands have no sink: each has its promise.
    return Promise.all(
      pending.map((c) =>
        (c.promise as Promise<RespValue>).catch((error: unknown) => error as RespValue),
      ),
    );
  }

  // ── writing ─────────────────────────────────────────────────────────────────────────────

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // After the current tick's synchronous code and microtasks: everything sent meanwhile
    // shares one write (automatic pipelining).
    process.nextTick(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    const socket = this.#socket;
    this.#unflushedBytes = 0;
    if (socket === undefined || this.#awaitingDrain) return;
    if (this.#status !== 'ready' && this.#status !== 'closing') return;
    for (;;) {
      const payload = collectBatch(this.#queue, this.#written, this.#options.maxWriteBytes);
      if (payload === undefined) return;
      if (!writePayload(socket, payload)) {
        // The socket's buffer is full: the rest waits in the queue (bounded) until 'drain'.
        this.#awaitingDrain = true;
        return;
      }
    }
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────

  #onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.#socket) return;
    this.#health.sawTraffic();
    try {
      this.#decoder.write(chunk);
    } catch (error) {
      // Malformed bytes: nothing after them can be trusted on this socket.
      socket.destroy(error as Error);
    }
  }

  #onReply(reply: RespValue): void {
    const command = this.#written.shift();
    if (command === undefined) {
      this.#socket?.destroy(
        new ConnectionError(`${this.#address} sent a reply no command was waiting for`, {
          address: this.#address,
        }),
      );
      return;
    }
    if (command.reply(reply)) this.#deadlines.release(command);
    if (this.#status === 'closing') this.#endIfDrained();
  }

  /** A push frame; it may complete the SUBSCRIBE-family command at the head of the FIFO. */
  #onPush(push: PushFrame): void {
    const awaited = this.#written.peek()?.confirmations;
    if (awaited?.accept(push) && awaited.done) this.#onReply(awaited.frames);
    this.emit('push', push);
  }

  // ── losing the socket, reconnecting, closing ───────────────────────────────────────────

  #onSocketClosed(socket: Socket, failure: Error | undefined): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    clearTimeout(this.#connectTimer);
    this.#health.stop();
    this.#awaitingDrain = false;
    const wasReady = this.#status === 'ready' || this.#status === 'closing';
    const error =
      failure ??
      new ConnectionError(`Connection to ${this.#address} closed by the server`, {
        address: this.#address,
      });
    const lost = new ConnectionError(
      wasReady
        ? `Connection to ${this.#address} lost: ${error.message}`
        : `Could not connect to ${this.#address}: ${error.message}`,
      { cause: error, address: this.#address },
    );
    this.#probe.closed(lost, this.#status === 'closing' ? 'closed' : 'lost');
    this.#failInFlight(lost);
    if (this.#status === 'closing') {
      this.#finish(lost);
      return;
    }
    if (this.#status === 'closed') return;
    const refused = error instanceof HandshakeRefused ? error.reply : undefined;
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(refused ?? lost);
    if (wasReady && this.listenerCount('error') > 0) this.emit('error', lost);
    if (refused !== undefined) {
      // Wrong credentials will not fix themselves: fail what waits and wait for the next
      // command to try again, rather than retrying in a loop.
      for (const command of this.#queue.drain()) this.#settleEarly(command, refused);
      this.#status = 'idle';
      return;
    }
    if (!this.#options.offlineQueue) {
      const offline = offlineError(this.#address, error);
      for (const command of this.#queue.drain()) this.#settleEarly(command, offline);
    }
    this.#reconnectOrStop(lost);
  }

  /** Rejects commands written to the lost socket, or queues them again when they allow it. */
  #failInFlight(lost: ConnectionError): void {
    const retry: PendingCommand[] = [];
    // Their replies are lost, so whether they ran is unknown: say so (`written`).
    const error = new ConnectionError(lost.message, {
      cause: lost.cause,
      address: this.#address,
      written: true,
    });
    const requeue = this.#status !== 'closing' && this.#options.offlineQueue;
    for (const command of this.#written.drain()) {
      if (command.settled) continue;
      if (command.retryOnReconnect && requeue) {
        // Once: a read that keeps killing its connection (a reply too large for a proxy, say)
        // must not be written again and again until its deadline.
        command.retryOnReconnect = false;
        this.#probe.retried(command.name);
        command.state = 'queued';
        command.written = false;
        retry.push(command);
      } else {
        this.#settleEarly(command, error);
      }
    }
    if (retry.length > 0) {
      for (const command of this.#queue.drain()) retry.push(command);
      for (const command of retry) this.#queue.push(command);
    }
  }

  #reconnectOrStop(error: ConnectionError): void {
    this.#lastConnectError = error;
    if (!this.#everReady && !hasLive(this.#queue)) {
      // Nobody is waiting for this connection yet: stay idle until someone sends.
      this.#status = 'idle';
      return;
    }
    const attempt = ++this.#attempt;
    let invalid: Error | undefined;
    const delay =
      this.#options.reconnect === false
        ? false
        : this.#options.reconnect(attempt, error, (reason) => {
            invalid = reason;
          });
    if (delay === false) {
      const why = invalid === undefined ? `after ${attempt - 1} attempts` : `: ${invalid.message}`;
      this.#finish(
        new ConnectionError(`Gave up reconnecting to ${this.#address} ${why}`, {
          cause: invalid ?? error,
          address: this.#address,
        }),
      );
      return;
    }
    this.#status = 'reconnecting';
    this.#probe.reconnecting(attempt, delay, error);
    this.emit('reconnecting', { attempt, delay, error });
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#status === 'reconnecting') this.#open();
    }, delay);
  }

  /**
   * Ends the socket of a closing connection once no command still waits for a reply. Replies
   * owed to commands already given up on (timed out, aborted) are not waited for: the server
   * that owes them may never answer.
   */
  #endIfDrained(): void {
    if (hasLive(this.#queue) || hasLive(this.#written)) return;
    const socket = this.#socket;
    if (socket === undefined) {
      this.#finish(this.#closedError());
      return;
    }
    socket.end();
    // A stalled server never answers our FIN; do not let close() wait on it for long.
    this.#connectTimer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  }

  /** Closed for good: every timer stopped, the socket gone, everything pending rejected. */
  #finish(error: ConnectionError): void {
    this.#probe.down('closed');
    this.#status = 'closed';
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#reconnectTimer);
    this.#health.stop();
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    for (const command of this.#written.drain()) this.#settleEarly(command, error);
    for (const command of this.#queue.drain()) this.#settleEarly(command, error);
    this.#deadlines.clear();
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
    this.emit('end');
    for (const resolve of this.#closeWaiters.splice(0)) resolve();
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────

  #sendInternal(args: HandshakeCommand): void {
    const command = this.#internalCommand(args);
    // Health-check outcomes are seen through traffic, not through this promise.
    command.promise?.catch(() => {});
    this.#queue.push(command);
    this.#scheduleFlush();
  }

  #internalCommand(args: HandshakeCommand): PendingCommand {
    return new PendingCommand(args[0] as string, encodeCommand(args), false, false, 0, 0);
  }

  #settleEarly(command: PendingCommand, error: Error): void {
    if (!command.fail(error)) return;
    this.#deadlines.release(command);
    if (this.#status === 'closing') this.#endIfDrained();
  }

  #timedOut(command: PendingCommand): void {
    this.#settleEarly(command, commandTimeoutError(command, this.#status, this.#lastConnectError));
  }

  #closedError(cause?: Error): ConnectionError {
    return closedError(this.#address, cause);
  }
}

/** How long a closing connection waits for the server to close its side after ours. */
const CLOSE_GRACE_MS = 1000;
