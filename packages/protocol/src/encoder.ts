/**
 * The RESP encoder: a command as an array of arguments becomes a RESP array of bulk strings.
 * Strings are joined into one string (one socket write, no intermediate Buffers), except
 * strings of 64 KiB or more, each converted once into a Buffer of its own, taken from reused
 * rooms (rooms.ts: a writer that gives them back with `returnRoom` once written saves
 * the next large command its allocation); a Buffer argument is passed through as its own chunk,
 * never copied. A command of many short ASCII strings (`MANY_ARGUMENTS`) is written straight
 * into one Buffer instead.
 */
import { Buffer } from 'node:buffer';
import { ArgumentError, ArgumentTooLargeError } from './errors.js';
import { PROTO_MAX_BULK_LEN } from './limits.js';
import { LARGE_STRING, returnRoom, takeRoom } from './rooms.js';

/** One argument of a command. Numbers must be finite or ±Infinity (sent as `+inf`/`-inf`). */
export type CommandArgument = string | Buffer | Uint8Array | number | bigint;

/**
 * An encoded command: a string when every argument was text (the fast path), otherwise the
 * chunks to write in order (one Buffer for a command of many ASCII strings).
 */
export type EncodedCommand = string | (string | Buffer)[];

/**
 * The most bytes one argument may have by default: Redis's `proto-max-bulk-len` default. A longer
 * bulk string makes the server close the connection.
 */
export const MAX_ARGUMENT_BYTES = PROTO_MAX_BULK_LEN;

/**
 * Encodes a command for the wire.
 *
 * @param maxArgumentBytes - the most bytes one argument may have (the server's
 * `proto-max-bulk-len`)
 * @throws {@link ArgumentError} (a `TypeError`) naming the position of the first argument that
 * is not a string, Buffer, Uint8Array, finite number, ±Infinity or bigint; nothing is produced.
 * @throws {@link ArgumentTooLargeError} (a `RangeError`) for an argument over `maxArgumentBytes`;
 * nothing is produced.
 * @example
 * ```ts
 * encodeCommand(['SET', 'key', 'value']); // '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n'
 * ```
 */
export function encodeCommand(
  args: readonly CommandArgument[],
  maxArgumentBytes: number = MAX_ARGUMENT_BYTES,
): EncodedCommand {
  const count = args.length;
  if (count === 0) throw new ArgumentError('A command needs at least one argument, its name', 0);
  if (count >= MANY_ARGUMENTS) {
    const bytes = asciiCommandBytes(args, maxArgumentBytes);
    if (bytes !== undefined) return [bytes];
  }
  let head = arrayHeader(count);
  let chunks: (string | Buffer)[] | undefined;
  // Appended piece by piece from cached headers: each step is one string concatenation, where a
  // template literal would build (and throw away) a short string per piece.
  for (let i = 0; i < count; i++) {
    const arg = args[i];
    if (typeof arg === 'string' && arg.length >= LARGE_STRING) {
      const bytes = largeStringBytes(arg);
      if (bytes.length > maxArgumentBytes) throw tooLarge(args, i, bytes.length, maxArgumentBytes);
      chunks ??= [];
      chunks.push(head + bulkHeader(bytes.length), bytes);
      head = '\r\n';
    } else if (typeof arg === 'string') {
      const length = Buffer.byteLength(arg);
      if (length > maxArgumentBytes) throw tooLarge(args, i, length, maxArgumentBytes);
      head += bulkHeader(length);
      head += arg;
      head += '\r\n';
    } else if (typeof arg === 'number' || typeof arg === 'bigint') {
      const text = formatNumber(arg, args, i);
      head += bulkHeader(text.length);
      head += text;
      head += '\r\n';
    } else if (arg instanceof Uint8Array) {
      const bytes = Buffer.isBuffer(arg)
        ? arg
        : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
      if (bytes.length > maxArgumentBytes) throw tooLarge(args, i, bytes.length, maxArgumentBytes);
      chunks ??= [];
      chunks.push(head + bulkHeader(bytes.length), bytes);
      head = '\r\n';
    } else {
      throw invalid(args, i, describe(arg));
    }
  }
  if (chunks === undefined) return head;
  chunks.push(head);
  return chunks;
}

/**
 * `text` as UTF-8, converted once into a reused room (rooms.ts: the writer gives it back
 * once written). The Buffer has room for all of it as ASCII plus one more
 * character of any size: a write that ends with that room to spare wrote all of it, so the byte
 * count comes with the copy instead of from a separate scan. Only text that is not all ASCII
 * can end past it, and is then converted again at its exact size.
 */
function largeStringBytes(text: string): Buffer {
  const room = takeRoom(text.length + 4);
  const written = room.write(text);
  if (written <= text.length) return room.subarray(0, written);
  returnRoom(room);
  return Buffer.from(text);
}

/**
 * From this many arguments on (an MGET or MSET of many keys), a command of short ASCII strings
 * is written straight into bytes. Joined as text, its many short pieces make a rope that the
 * socket write must flatten and convert to UTF-8 again: for an MGET of 100 keys, 3.8 µs to
 * encode and write as text, against 1.8 µs to encode as bytes (micro-runs).
 */
const MANY_ARGUMENTS = 16;

/**
 * `args` as RESP bytes when every one is a string of ASCII characters short of `LARGE_STRING`
 * and within `maxArgumentBytes`; otherwise undefined, for the general path to encode or refuse.
 */
function asciiCommandBytes(
  args: readonly CommandArgument[],
  maxArgumentBytes: number,
): Buffer | undefined {
  const count = args.length;
  // As ASCII, each string's byte count is its length: the total is known before the copy.
  let size = decimalHeaderBytes(count);
  for (let i = 0; i < count; i++) {
    const arg = args[i];
    if (typeof arg !== 'string' || arg.length >= LARGE_STRING || arg.length > maxArgumentBytes) {
      return undefined;
    }
    size += decimalHeaderBytes(arg.length) + arg.length + 2;
  }
  const out = Buffer.allocUnsafe(size);
  let at = writeDecimalHeader(out, 0, 0x2a, count);
  // Every character code is OR-ed in and checked once at the end, a branch less per byte than
  // a check of each (a micro-run of MGET-100: 1.8 µs against 2.5). A code of 0x100 or more
  // stored in a byte loses its high bits, but it has left them in `codes` first.
  let codes = 0;
  for (let i = 0; i < count; i++) {
    const arg = args[i] as string;
    const length = arg.length;
    at = writeDecimalHeader(out, at, 0x24, length);
    // Stored at a fixed base plus the index, not through a running cursor: one increment less
    // per byte (MGET-100 in a same-process micro-run: 1.98 µs against 2.06).
    for (let j = 0; j < length; j++) {
      const code = arg.charCodeAt(j);
      codes |= code;
      out[at + j] = code;
    }
    at += length;
    out[at] = 0x0d;
    out[at + 1] = 0x0a;
    at += 2;
  }
  return codes < 0x80 ? out : undefined;
}

/** Bytes of a RESP header of a type byte and `n` in decimal: `*100\r\n` is 6. */
function decimalHeaderBytes(n: number): number {
  let digits = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    digits++;
  }
  return digits + 3;
}

/** Writes `type`, `n` in decimal and CRLF into `out` at `at`; returns where it ends. */
function writeDecimalHeader(out: Buffer, at: number, type: number, n: number): number {
  out[at] = type;
  const end = at + decimalHeaderBytes(n);
  let digit = end - 3;
  do {
    out[digit--] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  out[end - 2] = 0x0d;
  out[end - 1] = 0x0a;
  return end;
}

/** `*n\r\n` for the argument counts nearly every command has. */
const ARRAY_HEADERS: readonly string[] = Array.from({ length: 32 }, (_, n) => `*${n}\r\n`);

function arrayHeader(count: number): string {
  return count < ARRAY_HEADERS.length ? (ARRAY_HEADERS[count] as string) : `*${count}\r\n`;
}

/** `$n\r\n` for the lengths of most keys and small values. */
const BULK_HEADERS: readonly string[] = Array.from({ length: 1024 }, (_, n) => `$${n}\r\n`);

function bulkHeader(length: number): string {
  return length < BULK_HEADERS.length ? (BULK_HEADERS[length] as string) : `$${length}\r\n`;
}

/**
 * Gives back the write rooms of a command encoded but never to be written (checked only, or
 * refused after encoding), so the next large argument reuses them. A caller's own Buffer among
 * the chunks is left alone.
 */
export function releaseEncoded(encoded: EncodedCommand): void {
  if (typeof encoded === 'string') return;
  for (const chunk of encoded) if (typeof chunk !== 'string') returnRoom(chunk);
}

/** Total number of bytes an encoded command takes on the wire. */
export function encodedLength(encoded: EncodedCommand): number {
  if (typeof encoded === 'string') return Buffer.byteLength(encoded);
  let total = 0;
  for (const chunk of encoded)
    total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  return total;
}

function formatNumber(
  value: number | bigint,
  args: readonly CommandArgument[],
  position: number,
): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isFinite(value)) return String(value);
  // Redis reads `+inf` and `-inf` wherever it takes a float (ZADD, ZRANGEBYSCORE, ...).
  if (value === Number.POSITIVE_INFINITY) return '+inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  throw invalid(args, position, 'NaN');
}

function commandNameOf(args: readonly CommandArgument[]): string {
  return typeof args[0] === 'string' ? args[0].toUpperCase() : 'command';
}

function tooLarge(
  args: readonly CommandArgument[],
  position: number,
  bytes: number,
  limit: number,
): ArgumentTooLargeError {
  return new ArgumentTooLargeError(commandNameOf(args), position, bytes, limit);
}

function invalid(args: readonly CommandArgument[], position: number, got: string): ArgumentError {
  const name = commandNameOf(args);
  return new ArgumentError(
    `Invalid argument at position ${position} of ${name}: expected a string, Buffer, number or bigint, got ${got}`,
    position,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}
