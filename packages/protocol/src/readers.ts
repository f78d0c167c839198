/**
 * Readers for the line-shaped parts of RESP: length headers, integers, doubles, booleans and
 * big numbers. Each takes the buffer and the offset just past the type byte and returns the
 * value, or {@link INCOMPLETE} when the line has not fully arrived (a normal outcome: the
 * decoder waits for more bytes). Malformed bytes raise {@link ProtocolError}.
 *
 * The offset after the line's CRLF is left in {@link cursor}, so the hot path allocates no
 * result objects.
 */
import type { Buffer } from 'node:buffer';
import { ProtocolError } from './errors.js';
import { latin1 } from './text.js';
import { CR, LF } from './type-bytes.js';

/** Where the last successful read ended: the offset just past its CRLF. */
export const cursor = { next: 0 };

/** Returned when the line is not complete in the buffer yet. */
export const INCOMPLETE: unique symbol = Symbol('incomplete');

/** {@link readLength}'s value for a `?` length: a RESP3 streamed string or aggregate. */
export const STREAMED_LENGTH = -2;
/** {@link readLength}'s value for an incomplete line (lengths are numbers, so no symbol). */
export const INCOMPLETE_LENGTH = -3;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const QUESTION = 0x3f;
// 15 decimal digits always fit a double exactly; more are parsed as a bigint.
const MAX_EXACT_DIGITS = 15;

function bad(what: string, offset: number, base: number): ProtocolError {
  return new ProtocolError(what, base + offset);
}

/** Checks the LF after a CR at `cr`; returns false when the LF has not arrived yet. */
function endLine(buf: Buffer, cr: number, base: number): boolean {
  if (cr + 1 >= buf.length) return false;
  if (buf[cr + 1] !== LF) throw bad('Expected LF after CR', cr + 1, base);
  cursor.next = cr + 2;
  return true;
}

/** The offset of the CR ending the line that starts at `start`, or -1 if it has not arrived. */
export function findCR(buf: Buffer, start: number): number {
  return buf.indexOf(CR, start);
}

/**
 * Reads the length of a bulk string or aggregate: a non-negative integer, `-1` (RESP2 null) or
 * `?` ({@link STREAMED_LENGTH}). Returns {@link INCOMPLETE_LENGTH} when the line is not complete.
 */
export function readLength(buf: Buffer, offset: number, base: number): number {
  const length = buf.length;
  let i = offset;
  if (i >= length) return INCOMPLETE_LENGTH;
  const first = buf[i];
  if (first === QUESTION || first === MINUS) {
    if (first === MINUS) {
      if (i + 1 >= length) return INCOMPLETE_LENGTH;
      if (buf[i + 1] !== 0x31) throw bad('Negative length other than -1', i, base);
      i++;
    }
    i++;
    if (i >= length) return INCOMPLETE_LENGTH;
    if (buf[i] !== CR) throw bad('Expected CR after length', i, base);
    if (!endLine(buf, i, base)) return INCOMPLETE_LENGTH;
    return first === MINUS ? -1 : STREAMED_LENGTH;
  }
  let n = 0;
  for (;;) {
    if (i >= length) return INCOMPLETE_LENGTH;
    const c = buf[i] as number;
    if (c === CR) break;
    if (c < DIGIT_0 || c > DIGIT_9) throw bad('Invalid character in length', i, base);
    if (i - offset === MAX_EXACT_DIGITS) throw bad('Length has too many digits', i, base);
    n = n * 10 + (c - DIGIT_0);
    i++;
  }
  if (i === offset) throw bad('Empty length', i, base);
  if (!endLine(buf, i, base)) return INCOMPLETE_LENGTH;
  return n;
}

/**
 * Reads a RESP integer (`:`): a number, or a bigint when it lies beyond Number.MAX_SAFE_INTEGER
 * (Redis integers are 64-bit; rounding one silently would corrupt counters and IDs).
 */
export function readInteger(
  buf: Buffer,
  offset: number,
  base: number,
): number | bigint | typeof INCOMPLETE {
  const length = buf.length;
  let i = offset;
  if (i >= length) return INCOMPLETE;
  let negative = false;
  const sign = buf[i];
  if (sign === MINUS || sign === PLUS) {
    negative = sign === MINUS;
    i++;
  }
  const digitsStart = i;
  let n = 0;
  for (;;) {
    if (i >= length) return INCOMPLETE;
    const c = buf[i] as number;
    if (c === CR) break;
    if (c < DIGIT_0 || c > DIGIT_9) throw bad('Invalid character in integer', i, base);
    n = n * 10 + (c - DIGIT_0);
    i++;
  }
  const digits = i - digitsStart;
  if (digits === 0) throw bad('Empty integer', i, base);
  if (!endLine(buf, i, base)) return INCOMPLETE;
  if (digits <= MAX_EXACT_DIGITS) return negative ? -n : n;
  const big = BigInt(latin1(buf, offset, i));
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(big)
    : big;
}

/** Reads a RESP3 big number (`(`) as a bigint. */
export function readBigNumber(
  buf: Buffer,
  offset: number,
  base: number,
): bigint | typeof INCOMPLETE {
  const cr = findCR(buf, offset);
  if (cr === -1 || !endLine(buf, cr, base)) return INCOMPLETE;
  const text = latin1(buf, offset, cr);
  if (!/^[+-]?\d+$/.test(text)) throw bad('Invalid big number', offset, base);
  return BigInt(text);
}

const DOUBLE_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Reads a RESP3 double (`,`), including `inf`, `-inf` and `nan`. */
export function readDouble(buf: Buffer, offset: number, base: number): number | typeof INCOMPLETE {
  const cr = findCR(buf, offset);
  if (cr === -1 || !endLine(buf, cr, base)) return INCOMPLETE;
  const text = latin1(buf, offset, cr);
  switch (text.toLowerCase()) {
    case 'inf':
    case '+inf':
      return Number.POSITIVE_INFINITY;
    case '-inf':
      return Number.NEGATIVE_INFINITY;
    case 'nan':
    case '-nan':
      return Number.NaN;
  }
  if (!DOUBLE_PATTERN.test(text)) throw bad('Invalid double', offset, base);
  return Number(text);
}

/** Reads a RESP3 boolean (`#t` or `#f`). */
export function readBoolean(
  buf: Buffer,
  offset: number,
  base: number,
): boolean | typeof INCOMPLETE {
  if (offset + 1 >= buf.length) return INCOMPLETE;
  const c = buf[offset];
  if (c !== 0x74 && c !== 0x66) throw bad("Invalid boolean, expected 't' or 'f'", offset, base);
  if (buf[offset + 1] !== CR) throw bad('Expected CR after boolean', offset + 1, base);
  if (!endLine(buf, offset + 1, base)) return INCOMPLETE;
  return c === 0x74;
}

/** Reads a RESP3 null (`_`): just its CRLF. */
export function readNull(buf: Buffer, offset: number, base: number): null | typeof INCOMPLETE {
  if (offset >= buf.length) return INCOMPLETE;
  if (buf[offset] !== CR) throw bad('Expected CR after null', offset, base);
  if (!endLine(buf, offset, base)) return INCOMPLETE;
  return null;
}
