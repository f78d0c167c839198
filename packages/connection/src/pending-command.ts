/**
 * One command between `send` and its reply. It settles exactly once: with its reply, or with
 * an error when it times out, is aborted, or its connection fails. A command that settles
 * before its reply arrives stays in the connection's queue when it was already written, so
 * that its reply is read and dropped and the replies that follow stay aligned.
 */
import type { CommandArgument, EncodedCommand, RespValue } from '@redwire/protocol';
import { encodeCommand, ReplyError } from '@redwire/protocol';
import type { PushConfirmations } from './subscriber-mode.js';

/**
 * Takes a command's outcome instead of a promise: what `Connection.sendEach` gives each command
 * of a batch, so a long pipeline costs no promise per command.
 */
export interface ReplySink {
  /** Called once per command: its reply (a `ReplyError` for an error reply) or the error that ended it. */
  settle(index: number, outcome: RespValue | Error): void;
}

/**
 * Told a command's outcome just before its promise settles, on the same tick as the reply: how
 * the client publishes a traced command's end without a promise chained to it, which would cost
 * every traced command another promise and another microtask (bench/diagnostics).
 */
export interface ReplyObserver {
  /** The reply (a `ReplyError` for an error reply) or the error that ended the command. */
  settled(outcome: RespValue | Error): void;
}

/**
 * Shapes a reply that is not an error before the command's promise resolves with it, on the
 * reply's own tick: the client's reply transforms (a GET's `string | null`), which would
 * otherwise cost every command a second promise and another microtask. What it throws rejects
 * the command.
 */
export type ReplyTransform<T = unknown> = (reply: RespValue) => T;

/**
 * `promise`, with `observer` told its outcome before it settles: for an outcome that did not
 * come through a {@link PendingCommand} (refused before it was queued, sent elsewhere). Unlike
 * the reply path this costs a promise, so it is kept off the common one.
 * @internal
 */
export function observeOutcome<T extends RespValue>(
  promise: Promise<T>,
  observer: ReplyObserver | undefined,
): Promise<T> {
  if (observer === undefined) return promise;
  return promise.then(
    (value) => {
      observer.settled(value);
      return value;
    },
    (error: Error) => {
      observer.settled(error);
      throw error;
    },
  );
}

/** Where a command is in its life. */
export type CommandState = 'queued' | 'written' | 'settled';

export class PendingCommand {
  /** The name as given (`get`, `GET`): upper-cased only when a message needs it. */
  readonly #name: string;
  /**
   * The command as it goes on the wire. Dropped once written unless it may be written again
   * (`retryOnReconnect`): a command awaiting its reply then holds no copy of its bytes, which
   * keeps what a long pipeline has in flight small for the garbage collector.
   */
  encoded: EncodedCommand | undefined;
  readonly returnBuffers: boolean;
  /**
   * May be written again on a new socket if the one it was written to dies; cleared when it is,
   * so a command is written again once at most.
   */
  retryOnReconnect: boolean;
  /** When it times out (`performance.now()` scale), or Infinity. */
  readonly deadline: number;
  /** The timeout it was given, in ms, for the error message; 0 for none. */
  readonly timeout: number;
  state: CommandState = 'queued';
  /** True once written to the current socket: its reply is due on that socket. */
  written = false;
  /** Set on a SUBSCRIBE-family command: answered by confirmation frames, not by a reply. */
  confirmations: PushConfirmations | undefined = undefined;
  /** Told the outcome first, when the sender traces the command. */
  observer: ReplyObserver | undefined = undefined;
  /** Applied to a reply that is not an error before the promise resolves with it. */
  transform: ReplyTransform | undefined = undefined;

  /** Settles with the command; undefined when a sink takes the outcome instead. */
  readonly promise: Promise<RespValue> | undefined;
  #resolve!: (value: RespValue) => void;
  #reject!: (error: Error) => void;
  readonly #sink: ReplySink | undefined;
  readonly #index: number;
  #cleanup: (() => void) | undefined;

  constructor(
    name: string,
    encoded: EncodedCommand,
    returnBuffers: boolean,
    retryOnReconnect: boolean,
    timeout: number,
    now: number,
    sink?: ReplySink,
    index = 0,
  ) {
    this.#name = name;
    this.encoded = encoded;
    this.returnBuffers = returnBuffers;
    this.retryOnReconnect = retryOnReconnect;
    this.timeout = timeout;
    this.deadline = timeout > 0 ? now + timeout : Number.POSITIVE_INFINITY;
    this.#sink = sink;
    this.#index = index;
    this.promise =
      sink === undefined
        ? new Promise<RespValue>((resolve, reject) => {
            this.#resolve = resolve;
            this.#reject = reject;
          })
        : undefined;
  }

  /** The command's name, for error messages: never its arguments, which may hold secrets. */
  get name(): string {
    return this.#name.toUpperCase();
  }

  get settled(): boolean {
    return this.state === 'settled';
  }

  /** Registers what to undo when the command settles (an abort listener). */
  onSettle(cleanup: () => void): void {
    this.#cleanup = cleanup;
  }

  /** Settles with a reply; an error reply rejects. Returns false if it had already settled. */
  reply(value: RespValue): boolean {
    if (this.state === 'settled') return false;
    try {
      this.#settle();
    } finally {
      this.observer?.settled(value);
      if (this.#sink !== undefined) this.#sink.settle(this.#index, value);
      else if (value instanceof ReplyError) this.#reject(value);
      else if (this.transform === undefined) this.#resolve(value);
      else this.#resolveShaped(this.transform, value);
    }
    return true;
  }

  /** Resolves with `transform(value)`, or rejects with what it throws. */
  #resolveShaped(transform: ReplyTransform, value: RespValue): void {
    let shaped: unknown;
    try {
      shaped = transform(value);
    } catch (error) {
      this.#reject(error as Error);
      return;
    }
    this.#resolve(shaped as RespValue);
  }

  fail(error: Error): boolean {
    if (this.state === 'settled') return false;
    try {
      this.#settle();
    } finally {
      this.observer?.settled(error);
      if (this.#sink !== undefined) this.#sink.settle(this.#index, error);
      else this.#reject(error);
    }
    return true;
  }

  /** Marks the command settled and runs its cleanup; the promise settles even if that throws. */
  #settle(): void {
    this.state = 'settled';
    const cleanup = this.#cleanup;
    if (cleanup !== undefined) {
      this.#cleanup = undefined;
      cleanup();
    }
  }
}

/** A command of the connection's own (handshake, health-check PING): no timeout, a promise. */
export function internalCommand(args: readonly string[]): PendingCommand {
  return new PendingCommand(args[0] as string, encodeCommand(args), false, false, 0, 0);
}

/** True when some command in `commands` has not settled yet. */
export function hasLive(commands: Iterable<PendingCommand>): boolean {
  for (const command of commands) if (!command.settled) return true;
  return false;
}

/** The command's name for messages: never its arguments, which may hold secrets. */
export function commandName(args: readonly CommandArgument[]): string {
  const first = args[0];
  return typeof first === 'string' ? first.toUpperCase() : 'command';
}

/**
 * A command kept for as long as this module is loaded, never sent. V8 reaches the hidden class
 * of a command with all its fields only through weak links from the class's first one: at a
 * full garbage collection with no command in flight, it was freed, and with it the optimized
 * code of every function that checks it, about fifteen on the command path (admit, write,
 * reply), compiled again over the next few thousand commands. Seen with `--trace-deopt`
 * (reason "weak objects") after each `gc()`; bench/client runs one before every round, and an
 * application's idle moments end the same way.
 */
export const SHAPE_KEEPER: PendingCommand = internalCommand(['PING']);
