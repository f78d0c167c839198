/**
 * `MessageStream`: an async iterator over messages, with a bounded buffer between the socket
 * (which delivers a whole read's worth of messages at once) and a consumer that takes them one
 * `await` at a time. Closing it (`break` in a `for await`, `return()`, `await using`) releases
 * whatever it subscribed to.
 */
import type { Buffer } from 'node:buffer';
import { type MessageDroppedDiagnostic, messageDroppedChannel } from './diagnostics.js';
import { MessageOverflowError } from './errors.js';
import type { Message } from './message.js';
import type { ResolvedStreamOptions } from './options.js';

type Result<T extends string | Buffer> = IteratorResult<Message<T>, undefined>;

interface Waiter<T extends string | Buffer> {
  resolve(result: Result<T>): void;
  reject(error: Error): void;
}

const DONE = Object.freeze({ done: true, value: undefined }) as IteratorReturnResult<undefined>;

/**
 * Messages of one subscription (`sub.channel('news')`), or of all (`sub.messages()`, `for
 * await (const m of sub)`), in the order the server sent them.
 *
 * @example
 * ```ts
 * for await (const { message } of await sub.channel('news')) {
 *   if (message === 'stop') break; // unsubscribes from 'news'
 * }
 * ```
 */
export class MessageStream<T extends string | Buffer = string>
  implements AsyncIterableIterator<Message<T>, undefined>, AsyncDisposable
{
  readonly #options: ResolvedStreamOptions;
  readonly #release: () => Promise<void>;
  #buffer: (Message<T> | undefined)[] = [];
  #head = 0;
  #waiters: Waiter<T>[] = [];
  #dropped = 0;
  /** open: receiving; ended: nothing more will come, buffered messages are still yielded. */
  #state: 'open' | 'ended' = 'open';
  #failure: Error | undefined;
  #released: Promise<void> | undefined;

  /**
   * @param options - the bound and the overflow policy
   * @param release - undoes what the stream holds (its subscription); called once
   * @internal
   */
  constructor(options: ResolvedStreamOptions, release: () => Promise<void>) {
    this.#options = options;
    this.#release = release;
  }

  /** Messages dropped so far by `overflow: 'dropOldest'`. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Messages waiting for the consumer. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /** False once the stream was closed, ended with its subscriber, or overflowed. */
  get open(): boolean {
    return this.#state === 'open';
  }

  /** Hands a message to the consumer, or buffers it. @internal */
  push(message: Message<T>): void {
    if (this.#state !== 'open') return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve({ done: false, value: message });
      return;
    }
    if (this.buffered >= this.#options.maxBuffered) {
      if (this.#options.overflow === 'error') {
        this.#failure = new MessageOverflowError(this.#options.maxBuffered);
        this.#end();
        return;
      }
      this.#take();
      this.#dropped++;
      if (messageDroppedChannel.hasSubscribers) {
        const event: MessageDroppedDiagnostic = { maxBuffered: this.#options.maxBuffered };
        messageDroppedChannel.publish(event);
      }
    }
    this.#buffer.push(message);
  }

  /** Nothing more will come (the subscriber closed); buffered messages are still yielded. @internal */
  end(): void {
    if (this.#state === 'open') this.#end();
  }

  /**
   * The next message: a buffered one at once, else the next to arrive; done once ended, or
   * rejected with the error that ended the stream.
   */
  next(): Promise<IteratorResult<Message<T>, undefined>> {
    const message = this.#take();
    if (message !== undefined) return Promise.resolve({ done: false, value: message });
    if (this.#state === 'open') {
      return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
    }
    const failure = this.#failure;
    if (failure === undefined) return Promise.resolve(DONE);
    this.#failure = undefined;
    return Promise.reject(failure);
  }

  /** Ends iteration (what `break` calls): drops what is buffered and releases the subscription. */
  async return(): Promise<IteratorReturnResult<undefined>> {
    await this.close();
    return DONE;
  }

  /**
   * Stops the stream: buffered messages are dropped, a pending `next()` resolves done, and the
   * subscription it made is released (unsubscribed unless something else still holds it).
   * Resolves once that is done.
   */
  close(): Promise<void> {
    this.#buffer = [];
    this.#head = 0;
    this.#failure = undefined;
    if (this.#state === 'open') this.#end();
    return this.#released ?? Promise.resolve();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #end(): void {
    this.#state = 'ended';
    for (const waiter of this.#waiters.splice(0)) {
      // A waiter exists only while the buffer is empty, so the failure is next in line.
      const failure = this.#failure;
      if (failure !== undefined) {
        this.#failure = undefined;
        waiter.reject(failure);
      } else {
        waiter.resolve(DONE);
      }
    }
    // Errors are not the consumer's business here: the subscriber reports them itself.
    this.#released = this.#release().catch(() => {});
  }

  #take(): Message<T> | undefined {
    if (this.#head >= this.#buffer.length) return undefined;
    const message = this.#buffer[this.#head];
    this.#buffer[this.#head++] = undefined;
    if (this.#head === this.#buffer.length) {
      this.#buffer = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
    return message;
  }
}
