/**
 * Bytes to JavaScript strings, as fast as Node allows for the sizes Redis replies have.
 *
 * Measured on Node 20 (bench/decoder.bench.ts and the notes in bench/RESULTS.md):
 * - a call into `Buffer#utf8Slice` costs about 60 ns whatever the size, which dominates short
 *   strings; `String.fromCharCode` with the bytes as arguments builds a 10-byte ASCII string in
 *   about half that, so ASCII strings of up to 12 bytes are built in JavaScript;
 * - for large ASCII payloads, Latin-1 decoding (a plain byte copy) is about 2.5x faster than
 *   UTF-8 decoding, and for ASCII bytes gives the same string; `isAscii` costs a few percent.
 * `utf8Slice` and `latin1Slice` are what `toString` calls after its argument handling; Node has
 * carried them since its first releases, but @types/node does not declare them, so a runtime
 * without them falls back to `toString`.
 */
import { Buffer, isAscii } from 'node:buffer';

interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

const proto = Buffer.prototype as unknown as Partial<FastSlices>;
const hasFastSlices =
  typeof proto.utf8Slice === 'function' && typeof proto.latin1Slice === 'function';

/** `buf[start, end)` decoded as UTF-8 by Node. */
export const utf8Slice = hasFastSlices
  ? (buf: Buffer, start: number, end: number): string =>
      (buf as unknown as FastSlices).utf8Slice(start, end)
  : (buf: Buffer, start: number, end: number): string => buf.toString('utf8', start, end);

/** `buf[start, end)` decoded as Latin-1, for fields known to be ASCII (numbers, tags). */
export const latin1 = hasFastSlices
  ? (buf: Buffer, start: number, end: number): string =>
      (buf as unknown as FastSlices).latin1Slice(start, end)
  : (buf: Buffer, start: number, end: number): string => buf.toString('latin1', start, end);

/**
 * Up to this many bytes, an ASCII string is built in JavaScript, which beats the native call;
 * longer ones are worth a whole read's `isAscii` scan (see `Decoder`).
 */
export const SHORT_TEXT_BYTES = 12;
const SHORT = SHORT_TEXT_BYTES;
// From here on, the isAscii scan pays for itself through the cheaper Latin-1 copy (at 2 KiB it
// does not yet; at 8 KiB it saves a tenth, at 1 MiB four fifths).
const LONG = 8192;

/** `buf[start, end)` decoded as UTF-8, choosing the fastest exact route for its size. */
export function utf8(buf: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length <= SHORT) {
    let bits = 0;
    for (let i = start; i < end; i++) bits |= buf[i] as number;
    if (bits < 0x80) return shortAscii(buf, start, length);
  } else if (length >= LONG && isAscii(buf.subarray(start, end))) {
    return latin1(buf, start, end);
  }
  return utf8Slice(buf, start, end);
}

const char = String.fromCharCode;

/** An ASCII string of 0 to 12 bytes, built without leaving JavaScript. */
function shortAscii(b: Buffer, s: number, length: number): string {
  // One call with every byte as an argument: V8 builds the string in one allocation.
  switch (length) {
    case 1:
      return char(b[s] as number);
    case 2:
      return char(b[s] as number, b[s + 1] as number);
    case 3:
      return char(b[s] as number, b[s + 1] as number, b[s + 2] as number);
    case 4:
      return char(b[s] as number, b[s + 1] as number, b[s + 2] as number, b[s + 3] as number);
    case 5:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
      );
    case 6:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
      );
    case 7:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
      );
    case 8:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
      );
    case 9:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
      );
    case 10:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
      );
    case 11:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
      );
    case 12:
      return char(
        b[s] as number,
        b[s + 1] as number,
        b[s + 2] as number,
        b[s + 3] as number,
        b[s + 4] as number,
        b[s + 5] as number,
        b[s + 6] as number,
        b[s + 7] as number,
        b[s + 8] as number,
        b[s + 9] as number,
        b[s + 10] as number,
        b[s + 11] as number,
      );
    default:
      return '';
  }
}
