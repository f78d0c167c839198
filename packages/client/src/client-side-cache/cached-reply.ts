/**
 * A reply held by the client-side cache, and the promise its hits share. A hit on a reply that
 * cannot be changed (a string, a number, null: what GET, HGET or EXISTS return) whose transform
 * leaves it so is answered with the promise made on its first hit, handed to every later hit:
 * such a hit allocates nothing, where a promise per hit was, once the lookup was cheap, the
 * largest cost of a hit but the caller's own `await` (bench/client-side-cache). Any number of
 * callers can await one settled promise and none can change what it holds. Mutable replies
 * (arrays, maps, Buffers) are copied for each hit (copy-reply.ts), each in its own promise.
 */
import type { RespValue } from '@redwire/protocol';
import { copyReply } from './copy-reply.js';

/** A command method's reply conversion (`BuiltCommand.transform`). */
export type ReplyTransform<T> = (reply: RespValue) => T;

/**
 * One cached reply.
 * @internal
 */
export class CachedReply {
  /** The transform `#shared` was made with: another transform needs another promise. */
  #transform: ReplyTransform<unknown> | undefined;
  #shared: Promise<unknown> | undefined;

  constructor(readonly value: RespValue) {}

  /**
   * The reply as a hit hands it out: passed through `transform` (rejected if that throws, as
   * `.then(transform)` would be), the caller's own copy when it is mutable.
   */
  answer<T>(transform: ReplyTransform<T> | undefined): Promise<T> {
    if (this.#shared !== undefined && this.#transform === transform) {
      return this.#shared as Promise<T>;
    }
    const copy = copyReply(this.value);
    let result: unknown = copy;
    if (transform !== undefined) {
      try {
        result = transform(copy);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const answer = Promise.resolve(result);
    if (copy === this.value && isImmutable(result)) {
      this.#transform = transform;
      this.#shared = answer;
    }
    return answer as Promise<T>;
  }
}

/** A primitive (a string, number, bigint, boolean), null or undefined: nothing a caller can change. */
function isImmutable(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
