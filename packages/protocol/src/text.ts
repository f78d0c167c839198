/**
 * Bytes to text without the argument handling of `Buffer#toString`. Node's Buffer has carried
 * `utf8Slice` and `latin1Slice` since its first releases (toString itself calls them), but
 * @types/node does not declare them, and a runtime that lacks them gets toString instead.
 * Worth it: most replies are short strings, where toString's encoding lookup is a visible
 * share of the decode time (bench/decoder.bench.ts, the array of short bulk strings).
 */
interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

const proto = Buffer.prototype as unknown as Partial<FastSlices>;
const hasFastSlices =
  typeof proto.utf8Slice === 'function' && typeof proto.latin1Slice === 'function';

/** `buf[start, end)` decoded as UTF-8. */
export const utf8 = hasFastSlices
  ? (buf: Buffer, start: number, end: number): string =>
      (buf as unknown as FastSlices).utf8Slice(start, end)
  : (buf: Buffer, start: number, end: number): string => buf.toString('utf8', start, end);

/** `buf[start, end)` decoded as Latin-1, for ASCII-only fields such as numbers. */
export const latin1 = hasFastSlices
  ? (buf: Buffer, start: number, end: number): string =>
      (buf as unknown as FastSlices).latin1Slice(start, end)
  : (buf: Buffer, start: number, end: number): string => buf.toString('latin1', start, end);
