/**
 * The state machine behind a `Connection`: one socket at a time, opened, handshaken, lost
 * and reopened, and the commands it carries.
 *
 *   idle ──send/connect──▶ connecting ──handshake ok──▶ ready ──close()──▶ closing ──▶ closed
 *                            ▲    │                       │
 *                            │    └──failed──┐   socket lost
 *                            └── reconnecting ◀──────────┘        destroy(): any ──▶ closed
 *
 * Commands wait in one FIFO until written and in a second until answered; replies arrive in
 * order, so the head of the second FIFO owns the next reply. A command that gives up (timeout,
 * abort) after being written stays there so that its reply is read and dropped.
 *
 * `Connection` keeps what a caller sees (argument and option checks, building the command);
 * this class owns everything that changes with the socket. It is internal: not exported.
 */
import type { Buffer } from 'node:buffer';
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import {
  type CommandArgument,
  Decoder,
  type EncodedCommand,
  type PushFrame,
  type RespValue,
} from '@redwire/protocol';
import { admissionRefusal } from './admission.js';
import type { ConnectionProbe } from './connection-probe.js';
import type { ConnectionEvents, ConnectionStatus } from './connection-types.js';
import { Deadlines } from './deadlines.js';
import {
  ConnectionError,
  closedError,
  commandTimeoutError,
  connectTimeoutError,
  lostInFlightError,
  offlineError,
  socketEndedError,
} from './errors.js';
import { Fifo } from './fifo.js';
import { type HandshakeCommand, HandshakeRefused, negotiate } from './handshake.js';
import { HealthCheck } from './health-check.js';
import type { ResolvedConnectionOptions } from './options.js';
import { commandName, hasLive, internalCommand, type PendingCommand } from './pending-command.js';
import { reclaimWritten } from './reclaim-written.js';
import { nextReconnectDelay } from './reconnect.js';
import { openSocket } from './socket.js';
import { createPubSubDecoder, type PubSubModeOptions } from './subscriber-mode.js';
import { encodedSize, writePayload } from './write-batch.js';
import { WriteScheduler } from './write-scheduler.js';

/** A connection's socket, its two command FIFOs and the state machine above; see the header. */
export class SocketLifecycle {
  readonly #options: ResolvedConnectionOptions;
  readonly #address: string;
  /** The `Connection` this runs for: its events are emitted there. */
  readonly #events: EventEmitter<ConnectionEvents>;
  /** What the diagnostics channels hear of this connection. */
  readonly #probe: ConnectionProbe;
  #decoder: Decoder;
  readonly #queue = new Fifo<PendingCommand>();
  readonly #written = new Fifo<PendingCommand>();
  readonly #deadlines: Deadlines;
  readonly #health: HealthCheck;

  #status: ConnectionStatus = 'idle';
  #pubSub = false;
  #protocol: 2 | 3;
  #socket: Socket | undefined;
  readonly #writer: WriteScheduler;
  #everReady = false;
  #attempt = 0;
  /** Replies read so far, on every socket: a watchdog tells a stalled server by it standing still. */
  #replies = 0;
  /** Why the socket is down, while it is: given as the cause of offline timeouts. */
  #lastConnectError: Error | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #connectWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #closeWaiters: (() => void)[] = [];

  constructor(
    options: ResolvedConnectionOptions,
    address: string,
    probe: ConnectionProbe,
    events: EventEmitter<ConnectionEvents>,
  ) {
    this.#options = options;
    this.#address = address;
    this.#probe = probe;
    this.#events = events;
    this.#protocol = options.protocol;
    this.#decoder = this.#createDecoder(undefined);
    // Commands are written while ready or closing; the handshake writes its own (#exchange).
    this.#writer = new WriteScheduler(this.#queue, this.#written, options.maxWriteBytes, () =>
      this.#status === 'ready' || this.#status === 'closing' ? this.#socket : undefined,
    );
    this.#deadlines = new Deadlines((command) => this.#timedOut(command));
    this.#health = new HealthCheck(options.pingInterval, {
      ping: () => this.#sendInternal(['PING']),
      dead: (error) => this.#socket?.destroy(error),
    });
  }

  /** See `Connection.status`; likewise `protocol` and `pendingCommands`. */
  get status(): ConnectionStatus {
    return this.#status;
  }

  get protocol(): 2 | 3 {
    return this.#protocol;
  }

  /** True once `usePubSub` was called. */
  get pubSub(): boolean {
    return this.#pubSub;
  }

  get pendingCommands(): number {
    return this.#queue.length + this.#written.length;
  }

  /** See `Connection.repliesReceived`; likewise `awaitingReplies`. */
  get repliesReceived(): number {
    return this.#replies;
  }

  get awaitingReplies(): number {
    return this.#written.length;
  }

  /** See `Connection.connect`. */
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

  /** True once a socket has been opened: too late for `usePubSub`. */
  get opened(): boolean {
    return this.#status !== 'idle' || this.#everReady;
  }

  /** Puts the connection in pub/sub mode (see `Connection.usePubSub`); the caller checked it may. */
  usePubSub(options: PubSubModeOptions | undefined): void {
    this.#pubSub = true;
    this.#decoder = this.#createDecoder(options ?? {});
  }

  /**
   * Why a command cannot be queued now, or undefined when it can: the connection is closing or
   * closed, its signal has aborted, a queue is at its bound, or the socket is down with the
   * offline queue off.
   */
  refusal(args: readonly CommandArgument[], signal: AbortSignal | undefined): Error | undefined {
    const refused = admissionRefusal(
      this.#options,
      this.#status,
      this.#queue.length,
      this.#written.length,
      this.#address,
      this.#lastConnectError,
      args,
      signal,
    );
    if (refused?.code === 'REDWIRE_OFFLINE_QUEUE_FULL') {
      this.#probe.offlineQueueFull(commandName(args), this.#options.maxOfflineCommands);
    }
    return refused;
  }

  /** Queues a command {@link SocketLifecycle.refusal} let through, and sees it written. */
  enqueue(command: PendingCommand): void {
    this.#deadlines.track(command);
    this.#queue.push(command);
    if (this.#status === 'ready')
      this.#writer.queued(encodedSize(command.encoded as EncodedCommand));
    else if (this.#status === 'idle') this.#open();
  }

  /** Fails a command before its reply (aborted, timed out, connection gone). */
  settleEarly(command: PendingCommand, error: Error): void {
    if (!command.fail(error)) return;
    this.#deadlines.release(command);
    if (this.#status === 'closing') this.#endIfDrained();
  }

  /** See `Connection.close`. */
  close(): Promise<void> {
    if (this.#status === 'closed') return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    if (this.#status === 'ready' || (this.#status === 'connecting' && hasLive(this.#queue))) {
      // Commands sent before close() still get their replies, even over a socket still opening.
      const ready = this.#status === 'ready';
      this.#status = 'closing';
      if (ready) {
        this.#writer.flush();
        this.#endIfDrained();
      }
    } else if (this.#status !== 'closing') {
      // Not connected: queued commands could only run after a reconnect that will not happen.
      this.#finish(this.#closedError());
    }
    return closed;
  }

  /** See `Connection.destroy`. */
  destroy(error?: Error): void {
    if (this.#status === 'closed') return;
    this.#finish(this.#closedError(error));
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
    const { socket, readyEvent } = openSocket(this.#options, (chunk) =>
      this.#onData(socket, chunk),
    );
    this.#socket = socket;
    let failure: Error | undefined;
    const { connectTimeout } = this.#options;
    this.#connectTimer = setTimeout(() => {
      socket.destroy(connectTimeoutError(this.#address, connectTimeout));
    }, connectTimeout);
    socket.once(readyEvent, () => {
      this.#events.emit('connect');
      this.#handshake(socket).catch((error: unknown) => socket.destroy(error as Error));
    });
    socket.on('drain', () => this.#writer.drained());
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => this.#onSocketClosed(socket, failure));
  }

  async #handshake(socket: Socket): Promise<void> {
    this.#decoder.reset();
    const protocol = await negotiate(this.#options, (commands) => this.#exchange(socket, commands));
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
    this.#events.emit('ready');
    this.#writer.flush();
  }

  /** Writes handshake commands ahead of any queued command and collects their replies. */
  #exchange(socket: Socket, commands: HandshakeCommand[]): Promise<RespValue[]> {
    const pending = commands.map(internalCommand);
    for (const command of pending) {
      command.state = 'written';
      command.written = true;
      this.#written.push(command);
    }
    // Corked into one write (none for an empty RESP2 handshake); a command of many arguments
    // may be encoded as bytes, not text.
    const chunks = pending.flatMap((c) => c.encoded ?? []);
    if (chunks.length > 0) writePayload(socket, chunks);
    // Error replies are outcomes here, not failures: the handshake decides what each one means.
    // Internal commands have no sink: each has its promise.
    return Promise.all(
      pending.map((c) =>
        (c.promise as Promise<RespValue>).catch((error: unknown) => error as RespValue),
      ),
    );
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
    this.#replies++;
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
    this.#events.emit('push', push);
  }

  // ── losing the socket, reconnecting, closing ───────────────────────────────────────────

  #onSocketClosed(socket: Socket, failure: Error | undefined): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    clearTimeout(this.#connectTimer);
    this.#health.stop();
    this.#writer.socketClosed();
    const wasReady = this.#status === 'ready' || this.#status === 'closing';
    const lost = socketEndedError(this.#address, failure, wasReady);
    const error = lost.cause as Error;
    this.#probe.closed(lost, this.#status === 'closing' ? 'closed' : 'lost');
    this.#failInFlight(lost);
    if (this.#status === 'closing') {
      this.#finish(lost);
      return;
    }
    if (this.#status === 'closed') return;
    const refused = error instanceof HandshakeRefused ? error.reply : undefined;
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(refused ?? lost);
    if (wasReady && this.#events.listenerCount('error') > 0) this.#events.emit('error', lost);
    if (refused !== undefined) {
      // Wrong credentials will not fix themselves: fail what waits and wait for the next
      // command to try again, rather than retrying in a loop.
      for (const command of this.#queue.drain()) this.settleEarly(command, refused);
      this.#status = 'idle';
      return;
    }
    if (!this.#options.offlineQueue) {
      const offline = offlineError(this.#address, error);
      for (const command of this.#queue.drain()) this.settleEarly(command, offline);
    }
    this.#reconnectOrStop(lost);
  }

  /** Rejects commands written to the lost socket, or queues them again when they allow it. */
  #failInFlight(lost: ConnectionError): void {
    const requeue = this.#status !== 'closing' && this.#options.offlineQueue;
    const { requeued, failed } = reclaimWritten(this.#queue, this.#written, requeue);
    for (const command of requeued) this.#probe.retried(command.name);
    if (failed.length === 0) return;
    const error = lostInFlightError(lost, this.#address);
    for (const command of failed) this.settleEarly(command, error);
  }

  #reconnectOrStop(error: ConnectionError): void {
    this.#lastConnectError = error;
    if (!this.#everReady && !hasLive(this.#queue)) {
      // Nobody is waiting for this connection yet: stay idle until someone sends.
      this.#status = 'idle';
      return;
    }
    const attempt = ++this.#attempt;
    const delay = nextReconnectDelay(this.#options.reconnect, attempt, error, this.#address);
    if (delay instanceof ConnectionError) {
      this.#finish(delay);
      return;
    }
    this.#status = 'reconnecting';
    this.#probe.reconnecting(attempt, delay, error);
    this.#events.emit('reconnecting', { attempt, delay, error });
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
    // A command already written may have run: say so, as a lost socket does.
    const ran = this.#written.length === 0 ? error : inFlightError(error);
    for (const command of this.#written.drain()) this.settleEarly(command, ran);
    for (const command of this.#queue.drain()) this.settleEarly(command, error);
    this.#deadlines.clear();
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
    this.#events.emit('end');
    for (const resolve of this.#closeWaiters.splice(0)) resolve();
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────

  #sendInternal(args: HandshakeCommand): void {
    const command = internalCommand(args);
    // Health-check outcomes are seen through traffic, not through this promise.
    command.promise?.catch(() => {});
    this.#queue.push(command);
    this.#writer.schedule();
  }

  #timedOut(command: PendingCommand): void {
    this.settleEarly(command, commandTimeoutError(command, this.#status, this.#lastConnectError));
  }

  #closedError(cause?: Error): ConnectionError {
    return closedError(this.#address, cause);
  }
}

/** `error` for commands already written when it struck: `written: true`, code and cause kept. */
function inFlightError(error: ConnectionError): ConnectionError {
  return new ConnectionError(error.message, {
    code: error.code,
    address: error.address,
    written: true,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}

/** How long a closing connection waits for the server to close its side after ours. */
const CLOSE_GRACE_MS = 1000;
