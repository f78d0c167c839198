/**
 * The one-off correctness check before any timing: a benchmark of a decoder that drops,
 * merges or mistypes replies would measure nothing worth knowing.
 */

import { isDeepStrictEqual } from 'node:util';
import type { DecoderCase } from './cases.js';
import { type DecoderContender, UnexpectedOutput } from './contender.js';

export function verifyDecoder(contender: DecoderContender, decoderCase: DecoderCase): void {
  const replies: unknown[] = [];
  const decoder = contender.create((reply) => replies.push(reply));
  for (const chunk of decoderCase.chunks) decoder.write(chunk);

  const fail = (detail: string): never => {
    throw new UnexpectedOutput(`${contender.name} on ${decoderCase.id}: ${detail}`);
  };
  if (replies.length !== decoderCase.expected.length) {
    fail(`${replies.length} replies, expected ${decoderCase.expected.length}`);
  }
  decoderCase.expected.forEach((expected, index) => {
    if (!isDeepStrictEqual(replies[index], expected)) {
      fail(`reply #${index} is ${preview(replies[index])}, expected ${preview(expected)}`);
    }
  });
}

// Replies can be a megabyte long; an error message needs only their shape.
function preview(value: unknown): string {
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  if (typeof value === 'string') {
    return value.length > 40 ? `a string of ${value.length} chars` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}: [${preview(value[0])}, …]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return `${typeof value} ${String(value)}`;
}
