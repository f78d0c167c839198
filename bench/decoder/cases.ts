/**
 * The decoder benchmark's inputs: RESP bytes, the chunks they arrive in, and the replies a
 * correct decoder must produce from them (strings, never Buffers, for every contender).
 */

export interface DecoderCase {
  readonly id: string;
  readonly title: string;
  /** The bytes as they are handed to `write`, in order. */
  readonly chunks: readonly Buffer[];
  /** Total bytes over all chunks. */
  readonly bytes: number;
  /** The top-level replies, in order, that decoding all chunks once must yield. */
  readonly expected: readonly unknown[];
}

// Node reads a TCP socket into 64 KiB buffers, so a large reply reaches 'data' in pieces
// of at most that size.
const SOCKET_CHUNK = 64 * 1024;

export function decoderCases(): DecoderCase[] {
  const largeBulk = largeBulkString();
  return [
    shortBulkArray(),
    mgetShapedArray(),
    {
      ...largeBulk,
      id: 'bulk-1mib-chunked',
      title: '1 MiB bulk string, 64 KiB chunks',
      chunks: split(largeBulk.chunks[0]!, SOCKET_CHUNK),
    },
    largeBulk,
    nonAsciiBulkString(),
    smallReplies(),
  ];
}

/**
 * (b') 1 MiB of multi-byte UTF-8 text. Not one of the issue's cases: it keeps the 1 MiB figures
 * honest, since redwire decodes ASCII payloads by a cheaper route that this one cannot take.
 */
function nonAsciiBulkString(): DecoderCase {
  const pattern = 'añoçé€日本語';
  const value = pattern.repeat(Math.floor((1024 * 1024) / Buffer.byteLength(pattern)));
  return oneChunk('bulk-1mib-utf8', '1 MiB multi-byte UTF-8 bulk string, one chunk', bulk(value), [
    value,
  ]);
}

/** (a) `*1000` of `$10 value-0000`…: an LRANGE/MGET-shaped reply. */
function shortBulkArray(): DecoderCase {
  const values = Array.from({ length: 1000 }, (_, i) => `value-${String(i).padStart(4, '0')}`);
  const text = `*${values.length}\r\n${values.map(bulk).join('')}`;
  return oneChunk('array-1000x10b', 'array of 1,000 × 10-byte bulk strings, one chunk', text, [
    values,
  ]);
}

/**
 * (a') `*100` of 100-byte values: the reply of the client bench's MGET row (f). Not one of the
 * issue's cases: each value is long enough to cost a native string copy (about 60 ns) in every
 * decoder, which bounds how far any can pull ahead here.
 */
function mgetShapedArray(): DecoderCase {
  const values = Array.from({ length: 100 }, (_, i) => `mget:${i}`.padEnd(100, '.'));
  const text = `*${values.length}\r\n${values.map(bulk).join('')}`;
  return oneChunk('array-100x100b', 'array of 100 × 100-byte bulk strings, one chunk', text, [
    values,
  ]);
}

/** (b) one 1 MiB bulk string in a single chunk; the chunked variant is derived from it. */
function largeBulkString(): DecoderCase {
  // Printable ASCII in a repeating pattern, so the payload is valid UTF-8 and not one byte
  // repeated (which some string paths could special-case).
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
  const value = alphabet.repeat((1024 * 1024) / alphabet.length);
  return oneChunk('bulk-1mib-single', '1 MiB bulk string, one chunk', bulk(value), [value]);
}

/** (c) 10,000 top-level replies alternating `:n` and `+OK`: a pipelined INCR/SET burst. */
function smallReplies(): DecoderCase {
  const expected: (number | string)[] = [];
  let text = '';
  for (let i = 0; i < 10_000; i++) {
    if (i % 2 === 0) {
      expected.push(i);
      text += `:${i}\r\n`;
    } else {
      expected.push('OK');
      text += '+OK\r\n';
    }
  }
  return oneChunk('small-10000', '10,000 integer / +OK replies, one chunk', text, expected);
}

/** A case whose RESP `text` arrives in one chunk. */
function oneChunk(id: string, title: string, text: string, expected: unknown[]): DecoderCase {
  const bytes = Buffer.from(text);
  return { id, title, chunks: [bytes], bytes: bytes.length, expected };
}

function bulk(value: string): string {
  return `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
}

/** Views, not copies: the bytes are the same for every contender and every round. */
function split(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(bytes.subarray(offset, offset + size));
  }
  return chunks;
}
