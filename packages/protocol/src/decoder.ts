/**
 * The streaming RESP2/RESP3 decoder. Feed it socket chunks with `write`; it calls back with
 * each complete reply, push frame and attribute. Chunks may split a reply at any byte: the
 * partial state is kept (aggregates on a stack, a bulk string's bytes copied as they arrive, at
 * most one partial line), so no byte is scanned twice for structure, and no chunk is referenced
 * after `write` returns.
 */
import { Buffer, isAscii } from 'node:buffer';
import {
  addItem,
  closeFrame,
  emptyAggregate,
  type Frame,
  innermost,
  openFrame,
  openStreamedString,
} from './aggregate-stack.js';
import { decodeBulkRun, runAscii } from './bulk-run.js';
import { ProtocolError, ReplyError } from './errors.js';
import { type DecoderLimits, resolveLimits } from './limits.js';
import { checkOptionKeys, optionKeys } from './option-keys.js';
import { PendingBulk } from './pending-bulk.js';
import {
  cursor,
  findCR,
  INCOMPLETE,
  INCOMPLETE_LENGTH,
  readBigNumber,
  readBoolean,
  readDouble,
  readInteger,
  readLength,
  readNull,
  STREAMED_LENGTH,
} from './readers.js';
import { type PushFrame, type RespMap, type RespValue, VerbatimString } from './reply.js';
import { latin1, SHORT_TEXT_BYTES, utf8 } from './text.js';
import { CR, LF, TypeByte } from './type-bytes.js';

/** Where the decoder delivers what it decodes. Callbacks run synchronously inside `write`. */
export interface DecoderHandlers {
  /** A complete top-level reply. Server errors arrive here as {@link ReplyError} values. */
  onReply(reply: RespValue): void;
  /** A RESP3 push frame (pub/sub message, invalidation, ...). It answers no command. */
  onPush(push: PushFrame): void;
  /** A RESP3 attribute: metadata about the value that follows it. Dropped when absent. */
  onAttribute?(attribute: RespMap): void;
  /**
   * Asked at the start of each top-level reply (never for a push frame): should its strings
   * be Buffers? Lets a connection give each command the form its caller asked for.
   * When absent, replies use UTF-8 strings.
   */
  returnBuffers?(): boolean;
}

/** Options of {@link Decoder}. */
export interface DecoderOptions extends Partial<DecoderLimits> {
  /**
   * Decode push frames with Buffers instead of UTF-8 strings (binary pub/sub payloads).
   * @defaultValue false
   */
  pushBuffers?: boolean;
}

/** Every key of {@link DecoderOptions}. */
const DECODER_OPTION_KEYS = optionKeys<DecoderOptions>({
  pushBuffers: true,
  maxBulkLength: true,
  maxAggregateLength: true,
  maxDepth: true,
  maxLineLength: true,
});

/**
 * Decodes a stream of RESP2 or RESP3 bytes into replies.
 *
 * Malformed input throws {@link ProtocolError} from `write` (with the stream offset); after
 * that the decoder refuses input until {@link Decoder.reset}. Exceptions thrown by a handler
 * propagate out of `write` unchanged and likewise leave the decoder failed.
 *
 * @example
 * ```ts
 * const decoder = new Decoder({
 *   onReply: (reply) => console.log(reply),
 *   onPush: (push) => console.log('push', push),
 * });
 * decoder.write(Buffer.from('*2\r\n$3\r\nfoo\r\n:42\r\n')); // logs [ 'foo', 42 ]
 * ```
 */
export class Decoder {
  readonly #handlers: DecoderHandlers;
  readonly #limits: DecoderLimits;
  readonly #pushBuffers: boolean;
  readonly #returnBuffers: (() => boolean) | undefined;

  readonly #stack: Frame[] = [];
  /** Bytes of a line (or bulk header) that started but did not end in the previous chunk. */
  #leftover: Buffer | undefined;
  #bulk: PendingBulk | undefined;
  /** Stream offset of byte 0 of the buffer being parsed, for error messages. */
  #base = 0;
  #asBuffers = false;
  /** True while the innermost frame is a streamed string, which accepts only `;` parts. */
  #inStreamedString = false;
  #failure: unknown;
  #failed = false;

  constructor(handlers: DecoderHandlers, options: DecoderOptions = {}) {
    checkOptionKeys(options, DECODER_OPTION_KEYS, 'new Decoder()');
    this.#handlers = handlers;
    const { pushBuffers = false, ...limits } = options;
    this.#limits = resolveLimits(limits);
    this.#pushBuffers = pushBuffers;
    this.#returnBuffers = handlers.returnBuffers?.bind(handlers);
  }

  /** True when a reply has started but not finished: more bytes are needed. */
  get hasPartialReply(): boolean {
    return this.#stack.length > 0 || this.#leftover !== undefined || this.#bulk !== undefined;
  }

  /** Drops every partial reply and any failure, as after a reconnect. */
  reset(): void {
    // Emptied in place: #parse holds the array in a local while handlers run.
    this.#stack.length = 0;
    this.#leftover = undefined;
    this.#bulk = undefined;
    this.#base = 0;
    this.#asBuffers = false;
    this.#inStreamedString = false;
    this.#failure = undefined;
    this.#failed = false;
  }

  /**
   * Decodes a chunk, calling the handlers for every value it completes. What the chunk holds of
   * a value not yet complete is copied: no reference to `chunk` is kept once this returns, so a
   * reader may reuse one buffer for every read (Node's `onread` option of `net.connect`).
   * @throws {@link ProtocolError} when the bytes are not valid RESP or exceed a limit.
   */
  write(chunk: Buffer): void {
    if (this.#failed) throw this.#failure;
    try {
      let buf = chunk;
      let offset = 0;
      if (this.#bulk !== undefined) {
        offset = this.#continueBulk(chunk);
        if (offset === -1) return;
      } else if (this.#leftover !== undefined) {
        buf = Buffer.concat([this.#leftover, chunk]);
        this.#leftover = undefined;
      }
      this.#parse(buf, offset);
    } catch (error) {
      this.#failed = true;
      this.#failure = error;
      throw error;
    }
  }

  #parse(buf: Buffer, offset: number): void {
    const length = buf.length;
    const base = this.#base;
    const stack = this.#stack;
    // Whether all of `buf` is ASCII, asked once, when the first string longer than a short one
    // comes: then each is copied as Latin-1 (the same string for ASCII bytes), about half the
    // cost of decoding it as UTF-8 at 100 bytes, for one scan of the read (bench/decoder).
    let ascii: boolean | undefined;
    while (offset < length) {
      const start = offset;
      const type = buf[offset] as number;
      if (stack.length === 0) {
        // A new top-level value: decide its string form before decoding any of it.
        if (type === TypeByte.PUSH) this.#asBuffers = this.#pushBuffers;
        else if (this.#returnBuffers !== undefined && type !== TypeByte.ATTRIBUTE) {
          this.#asBuffers = this.#returnBuffers();
        }
      } else if (this.#inStreamedString && type !== TypeByte.STREAMED_STRING_PART) {
        throw new ProtocolError('Only parts (;) may appear in a streamed string', base + start);
      }
      offset++;
      let value: RespValue | typeof INCOMPLETE;
      switch (type) {
        case TypeByte.BULK_STRING:
        case TypeByte.BULK_ERROR:
        case TypeByte.VERBATIM_STRING:
        case TypeByte.STREAMED_STRING_PART: {
          if (type === TypeByte.BULK_STRING) {
            // Inline fast path for the common case: a plain length and the whole payload in
            // this chunk. Anything else (null, streamed, split, malformed) takes the full path.
            let i = offset;
            let c = buf[i];
            let size = 0;
            while (c !== undefined && c >= 0x30 && c <= 0x39) {
              size = size * 10 + (c - 0x30);
              c = buf[++i];
            }
            const end = i + 2 + size;
            if (
              c === CR &&
              i > offset &&
              i - offset <= 15 &&
              end + 2 <= length &&
              size <= this.#limits.maxBulkLength &&
              buf[i + 1] === LF &&
              buf[end] === CR &&
              buf[end + 1] === LF
            ) {
              if (this.#asBuffers) value = Buffer.from(buf.subarray(i + 2, end));
              else {
                const long = size > SHORT_TEXT_BYTES;
                if (long && ascii === undefined) ascii = isAscii(buf);
                value = long && ascii === true ? latin1(buf, i + 2, end) : utf8(buf, i + 2, end);
              }
              offset = end + 2;
              break;
            }
          }
          const size = readLength(buf, offset, base);
          if (size === INCOMPLETE_LENGTH) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          if (size === -1 && type === TypeByte.BULK_STRING) {
            value = null;
            break;
          }
          this.#checkBulkHeader(type, size, base + start);
          if (size === STREAMED_LENGTH) {
            this.#stack.push(openStreamedString());
            this.#inStreamedString = true;
            continue;
          }
          if (size === 0 && type === TypeByte.STREAMED_STRING_PART) {
            // `;0` ends a streamed string and, unlike other lengths, has no payload CRLF.
            this.#addStringPart(buf, offset, offset);
            continue;
          }
          const end = offset + size;
          if (end + 2 > length) {
            this.#startBulk(type, size, buf, offset);
            return;
          }
          if (buf[end] !== CR || buf[end + 1] !== LF) {
            throw new ProtocolError('Bulk payload not followed by CRLF', base + end);
          }
          offset = end + 2;
          if (type === TypeByte.BULK_STRING) {
            if (this.#asBuffers) value = Buffer.from(buf.subarray(end - size, end));
            else {
              const long = size > SHORT_TEXT_BYTES;
              if (long && ascii === undefined) ascii = isAscii(buf);
              value =
                long && ascii === true ? latin1(buf, end - size, end) : utf8(buf, end - size, end);
            }
            break;
          }
          this.#completeBulk(type, buf, end - size, end, base + end - size);
          continue;
        }
        case TypeByte.SIMPLE_STRING: {
          // `+OK` is the most common reply of all; skip the scan and the string allocation.
          if (
            buf[offset] === 0x4f &&
            buf[offset + 1] === 0x4b &&
            buf[offset + 2] === CR &&
            buf[offset + 3] === LF
          ) {
            offset += 4;
            value = this.#asBuffers ? Buffer.from('OK') : 'OK';
            break;
          }
          const cr = findCR(buf, offset);
          if (cr === -1 || cr + 1 >= length) {
            this.#keepLeftover(buf, start);
            return;
          }
          if (buf[cr + 1] !== LF) throw new ProtocolError('Expected LF after CR', base + cr + 1);
          value = this.#asBuffers ? Buffer.from(buf.subarray(offset, cr)) : utf8(buf, offset, cr);
          offset = cr + 2;
          break;
        }
        case TypeByte.SIMPLE_ERROR: {
          const cr = findCR(buf, offset);
          if (cr === -1 || cr + 1 >= length) {
            this.#keepLeftover(buf, start);
            return;
          }
          if (buf[cr + 1] !== LF) throw new ProtocolError('Expected LF after CR', base + cr + 1);
          value = new ReplyError(utf8(buf, offset, cr));
          offset = cr + 2;
          break;
        }
        case TypeByte.INTEGER: {
          // Inline fast path for the common case: optional minus, up to 15 digits, CRLF.
          let i = offset;
          let c = buf[i];
          const negative = c === 0x2d;
          if (negative) c = buf[++i];
          const digits = i;
          let n = 0;
          while (c !== undefined && c >= 0x30 && c <= 0x39) {
            n = n * 10 + (c - 0x30);
            c = buf[++i];
          }
          if (c === CR && buf[i + 1] === LF && i > digits && i - digits <= 15) {
            value = negative ? -n : n;
            offset = i + 2;
            break;
          }
          value = readInteger(buf, offset, base);
          if (value === INCOMPLETE) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          break;
        }
        case TypeByte.ARRAY:
        case TypeByte.MAP:
        case TypeByte.SET:
        case TypeByte.PUSH:
        case TypeByte.ATTRIBUTE: {
          const count = readLength(buf, offset, base);
          if (count === INCOMPLETE_LENGTH) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          if (count === -1) {
            if (type !== TypeByte.ARRAY)
              throw new ProtocolError('Only arrays may have length -1', base + start);
            value = null;
            break;
          }
          if (count > this.#limits.maxAggregateLength) {
            throw new ProtocolError(
              `Aggregate of ${count} elements exceeds maxAggregateLength`,
              base + start,
            );
          }
          if (count === 0) {
            if (type === TypeByte.ATTRIBUTE) {
              this.#handlers.onAttribute?.(new Map());
              continue;
            }
            value = emptyAggregate(type);
            break;
          }
          if (this.#stack.length >= this.#limits.maxDepth) {
            throw new ProtocolError(
              `Nesting deeper than maxDepth (${this.#limits.maxDepth})`,
              base + start,
            );
          }
          const frame = openFrame(
            type,
            count === STREAMED_LENGTH ? Number.POSITIVE_INFINITY : count,
            length - offset,
          );
          this.#stack.push(frame);
          if (frame.sized && !this.#asBuffers && buf[offset] === TypeByte.BULK_STRING) {
            offset = decodeBulkRun(buf, offset, frame, this.#limits.maxBulkLength, ascii);
            ascii = runAscii.known;
          }
          continue;
        }
        case TypeByte.NULL:
          value = readNull(buf, offset, base);
          if (value === INCOMPLETE) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          break;
        case TypeByte.BOOLEAN:
          value = readBoolean(buf, offset, base);
          if (value === INCOMPLETE) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          break;
        case TypeByte.DOUBLE:
          value = readDouble(buf, offset, base);
          if (value === INCOMPLETE) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          break;
        case TypeByte.BIG_NUMBER:
          value = readBigNumber(buf, offset, base);
          if (value === INCOMPLETE) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          break;
        case TypeByte.STREAMED_AGGREGATE_END: {
          const done = readNull(buf, offset, base);
          if (done === INCOMPLETE) {
            this.#keepLeftover(buf, start);
            return;
          }
          offset = cursor.next;
          this.#endStreamedAggregate(base + start);
          continue;
        }
        default:
          throw new ProtocolError(
            `Unknown RESP type byte 0x${type.toString(16).padStart(2, '0')}`,
            base + start,
          );
      }
      const depth = stack.length;
      if (depth === 0) {
        this.#handlers.onReply(value as RespValue);
        continue;
      }
      const top = stack[depth - 1] as Frame;
      if (top.remaining > 1 && top.remaining !== Number.POSITIVE_INFINITY) {
        // Not the last element of a counted aggregate: the common case, kept inline.
        addItem(top, value as RespValue);
        top.remaining--;
      } else {
        this.#emit(value as RespValue);
      }
    }
    this.#base += length;
  }

  #keepLeftover(buf: Buffer, start: number): void {
    if (buf.length - start > this.#limits.maxLineLength) {
      throw new ProtocolError(
        `Line longer than maxLineLength (${this.#limits.maxLineLength})`,
        this.#base + start,
      );
    }
    // Copied: the reader may reuse `buf` for its next read.
    this.#leftover = Buffer.from(buf.subarray(start));
    this.#base += start;
  }

  #checkBulkHeader(type: number, size: number, at: number): void {
    if (size === -1) throw new ProtocolError('Only bulk strings may have length -1', at);
    const top = innermost(this.#stack);
    const inStreamedString = top !== undefined && top.type === TypeByte.BULK_STRING;
    if (type === TypeByte.STREAMED_STRING_PART) {
      if (!inStreamedString)
        throw new ProtocolError('Streamed string part outside a streamed string', at);
      if (size === STREAMED_LENGTH)
        throw new ProtocolError('Streamed string part without a length', at);
      if (top.size + size > this.#limits.maxBulkLength) {
        throw new ProtocolError(
          `Streamed string exceeds maxBulkLength (${this.#limits.maxBulkLength})`,
          at,
        );
      }
      return;
    }
    if (inStreamedString)
      throw new ProtocolError('Only parts (;) may appear in a streamed string', at);
    if (size === STREAMED_LENGTH && type !== TypeByte.BULK_STRING) {
      throw new ProtocolError('Only bulk strings may be streamed', at);
    }
    if (size > this.#limits.maxBulkLength) {
      throw new ProtocolError(
        `Bulk length ${size} exceeds maxBulkLength (${this.#limits.maxBulkLength})`,
        at,
      );
    }
    if (type === TypeByte.VERBATIM_STRING && size !== STREAMED_LENGTH && size < 4) {
      throw new ProtocolError('Verbatim string shorter than its format prefix', at);
    }
  }

  /**
   * A bulk payload that runs past the end of `buf`: what arrived is copied, never kept by
   * reference, so the reader may reuse `buf` for its next read (pending-bulk.ts).
   */
  #startBulk(type: number, size: number, buf: Buffer, offset: number): void {
    // A Buffer reply is the caller's: memory of its own.
    const own = type === TypeByte.BULK_STRING && this.#asBuffers;
    this.#bulk = new PendingBulk(type, size, this.#base + offset, buf.subarray(offset), own);
    this.#base += buf.length;
  }

  /** Feeds a chunk to the pending bulk payload; returns where parsing resumes, or -1. */
  #continueBulk(chunk: Buffer): number {
    const bulk = this.#bulk as PendingBulk;
    const taken = bulk.take(chunk);
    if (taken === -1) {
      this.#base += chunk.length;
      return -1;
    }
    this.#bulk = undefined;
    const { bytes, length } = bulk;
    if (bytes[length] !== CR || bytes[length + 1] !== LF) {
      throw new ProtocolError('Bulk payload not followed by CRLF', bulk.start + length);
    }
    if (bulk.type !== TypeByte.BULK_STRING) {
      this.#completeBulk(bulk.type, bytes, 0, length, bulk.start);
    } else if (this.#asBuffers) {
      this.#emit(bytes.subarray(0, length));
    } else {
      // Decoded before the room goes back: the string owns its memory.
      const text = utf8(bytes, 0, length);
      bulk.release();
      this.#emit(text);
      return taken;
    }
    // Whatever #completeBulk made of the bytes (an error's message, a verbatim string, a copied
    // part) owns its memory too.
    bulk.release();
    return taken;
  }

  /**
   * Finishes a bulk error, verbatim string or streamed string part held in `buf[start, end)`;
   * `at` is the stream offset of `start`, for error messages.
   */
  #completeBulk(type: number, buf: Buffer, start: number, end: number, at: number): void {
    if (type === TypeByte.BULK_ERROR) {
      this.#emit(new ReplyError(utf8(buf, start, end)));
    } else if (type === TypeByte.VERBATIM_STRING) {
      if (buf[start + 3] !== 0x3a)
        throw new ProtocolError("Verbatim string format not followed by ':'", at + 3);
      const format = latin1(buf, start, start + 3);
      const text = this.#asBuffers
        ? Buffer.from(buf.subarray(start + 4, end))
        : utf8(buf, start + 4, end);
      this.#emit(new VerbatimString(format, text));
    } else {
      this.#addStringPart(buf, start, end);
    }
  }

  #addStringPart(buf: Buffer, start: number, end: number): void {
    const top = this.#stack[this.#stack.length - 1] as Frame;
    if (end === start) {
      // `;0` ends the streamed string.
      this.#stack.pop();
      this.#inStreamedString = false;
      const whole = Buffer.concat(top.items as Buffer[], top.size);
      this.#emit(this.#asBuffers ? whole : whole.toString('utf8'));
      return;
    }
    top.items.push(Buffer.from(buf.subarray(start, end)));
    top.size += end - start;
  }

  #endStreamedAggregate(at: number): void {
    const top = innermost(this.#stack);
    if (
      top === undefined ||
      top.type === TypeByte.BULK_STRING ||
      top.remaining !== Number.POSITIVE_INFINITY
    ) {
      throw new ProtocolError('Streamed aggregate end (.) outside a streamed aggregate', at);
    }
    if (
      (top.type === TypeByte.MAP || top.type === TypeByte.ATTRIBUTE) &&
      top.items.length % 2 !== 0
    ) {
      throw new ProtocolError('Streamed map ended after a key without its value', at);
    }
    top.remaining = 0;
    this.#stack.pop();
    this.#finish(top);
  }

  /** Adds a completed value to the aggregate being built, or delivers it when top-level. */
  #emit(value: RespValue): void {
    const top = innermost(this.#stack);
    if (top === undefined) {
      this.#handlers.onReply(value);
      return;
    }
    addItem(top, value);
    if (
      top.remaining === Number.POSITIVE_INFINITY &&
      top.items.length > this.#limits.maxAggregateLength
    ) {
      throw new ProtocolError('Streamed aggregate exceeds maxAggregateLength', this.#base);
    }
    if (--top.remaining === 0) {
      this.#stack.pop();
      this.#finish(top);
    }
  }

  #finish(frame: Frame): void {
    const value = closeFrame(frame);
    if (frame.type === TypeByte.ATTRIBUTE) {
      // An attribute describes the next value; it is not an element of its parent.
      this.#handlers.onAttribute?.(value as RespMap);
    } else if (frame.type === TypeByte.PUSH && this.#stack.length === 0) {
      this.#handlers.onPush(value as PushFrame);
    } else {
      this.#emit(value);
    }
  }
}
