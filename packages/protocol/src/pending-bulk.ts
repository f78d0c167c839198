/**
 * A bulk payload whose header has been read while its bytes still arrive, read after read. They
 * are copied as they come, never referenced, so a reader may reuse its read buffer; into memory
 * that grows with them rather than being sized by the declared length, so a header alone cannot
 * make the decoder hold much more than the bytes it has.
 */
import { Buffer } from 'node:buffer';
import { LARGE_STRING, returnRoom, takeRoom } from './rooms.js';

/** The most a payload is given ahead of its bytes: a 1 MiB value and its CRLF fit at once. */
export const BULK_AHEAD_BYTES = 2 * 1024 * 1024;

/**
 * How much memory a payload of `total` bytes (CRLF included) gets once `arrived` of them are in:
 * all of it up to {@link BULK_AHEAD_BYTES}, beyond that twice what has arrived, so a large value
 * is moved about once on the way (doubling) rather than once per read.
 */
function capacityFor(total: number, arrived: number): number {
  return Math.min(total, Math.max(BULK_AHEAD_BYTES, 2 * arrived));
}

export class PendingBulk {
  /** Payload bytes, the trailing CRLF not counted. */
  readonly length: number;
  /** Stream offset of the payload's first byte, for error messages. */
  readonly start: number;
  readonly type: number;
  /**
   * A room (rooms.ts), given back by {@link release}; or, for a payload handed to the caller as
   * a Buffer or a short one, memory of its own.
   */
  #bytes: Buffer;
  readonly #inRoom: boolean;
  /** Bytes collected so far, including any of the trailing CRLF. */
  #received: number;

  /**
   * @param first - the payload's first bytes, up to the end of the read
   * @param own - the payload becomes the caller's Buffer: memory of its own, never a room
   */
  constructor(type: number, length: number, start: number, first: Buffer, own: boolean) {
    this.type = type;
    this.length = length;
    this.start = start;
    const total = length + 2;
    this.#inRoom = total >= LARGE_STRING && !own;
    this.#bytes = this.#allocate(capacityFor(total, first.length));
    this.#received = first.copy(this.#bytes, 0);
  }

  /**
   * Copies what the payload still needs of `chunk`: how many of its bytes were taken once the
   * payload and its CRLF are complete, or -1 when all of it was taken and more must come.
   */
  take(chunk: Buffer): number {
    const needed = this.length + 2 - this.#received;
    const taken = Math.min(needed, chunk.length);
    const wanted = this.#received + taken;
    if (wanted > this.#bytes.length) {
      const grown = this.#allocate(capacityFor(this.length + 2, wanted));
      this.#bytes.copy(grown, 0, 0, this.#received);
      this.#release();
      this.#bytes = grown;
    }
    this.#received += chunk.copy(this.#bytes, this.#received, 0, taken);
    return taken === needed ? taken : -1;
  }

  /** The complete payload and its CRLF from offset 0, readable until {@link release}. */
  get bytes(): Buffer {
    return this.#bytes;
  }

  /** Done with the bytes: a room goes back to the pool. What was made of them owns its memory. */
  release(): void {
    this.#release();
  }

  #allocate(size: number): Buffer {
    return this.#inRoom ? takeRoom(size) : Buffer.allocUnsafe(size);
  }

  #release(): void {
    if (this.#inRoom) returnRoom(this.#bytes);
  }
}
