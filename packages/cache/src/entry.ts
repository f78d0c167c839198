/**
 * The bytes of one stored entry: a small header, then the serialized value.
 *
 * ```
 * byte 0       format version (1)
 * byte 1       kind: 0 a value, 1 "not found" (negative caching; no payload)
 * bytes 2-9    freshUntil: when the entry stops being fresh, ms since the epoch (float64, BE)
 * bytes 10-13  loadMs: how long the load that produced it took, ms (uint32, BE), XFetch's delta
 * byte 14      n, the length of the serializer's name; bytes 15..15+n the name (UTF-8)
 * then         the serializer's bytes
 * ```
 *
 * One string per entry keeps a hit to one GET and the write to one SET with PX (a hash would
 * need a second command for the TTL), and the header lets another process apply XFetch and
 * stale-while-revalidate without asking the loader anything.
 */
import { Buffer } from 'node:buffer';

const VERSION = 1;
const HEADER = 15;

/** What kind of thing an entry holds. */
export type EntryKind = 'value' | 'not-found';

/** A stored entry, decoded up to (not including) its payload. */
export interface EntryHeader {
  readonly kind: EntryKind;
  /** When it stops being fresh, ms since the epoch. */
  readonly freshUntil: number;
  /** How long its load took, in ms. */
  readonly loadMs: number;
  /** The serializer that wrote it. */
  readonly serializer: string;
  /** The serialized value (empty for "not found"). */
  readonly payload: Buffer;
}

/** Builds an entry's bytes. */
export function encodeEntry(
  kind: EntryKind,
  freshUntil: number,
  loadMs: number,
  serializer: string,
  payload: Buffer | string,
): Buffer {
  const name = Buffer.from(serializer, 'utf8');
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.allocUnsafe(HEADER + name.length);
  header[0] = VERSION;
  header[1] = kind === 'value' ? 0 : 1;
  header.writeDoubleBE(freshUntil, 2);
  header.writeUInt32BE(Math.min(Math.max(0, Math.round(loadMs)), 0xffff_ffff), 10);
  header[14] = name.length;
  name.copy(header, HEADER);
  return Buffer.concat([header, body]);
}

/**
 * Reads an entry's header.
 * @returns the header, or a string saying why the bytes are not an entry of this format
 */
export function decodeEntry(bytes: Buffer): EntryHeader | string {
  if (bytes.length < HEADER) return `${bytes.length} bytes is shorter than an entry's header`;
  if (bytes[0] !== VERSION) return `format version ${bytes[0]}, this cache reads ${VERSION}`;
  const kindByte = bytes[1];
  if (kindByte !== 0 && kindByte !== 1) return `unknown entry kind ${kindByte}`;
  const nameEnd = HEADER + (bytes[14] as number);
  if (bytes.length < nameEnd) return 'the serializer name runs past the end';
  return {
    kind: kindByte === 0 ? 'value' : 'not-found',
    freshUntil: bytes.readDoubleBE(2),
    loadMs: bytes.readUInt32BE(10),
    serializer: bytes.toString('utf8', HEADER, nameEnd),
    payload: bytes.subarray(nameEnd),
  };
}
