import { describe, expect, it } from 'vitest';
import { joinInRoom, MAX_KEPT_JOIN_ROOM } from './join-room.js';
import { collectingDecoder } from './test-helpers/collect.js';

/** `$n\r\n<payload>\r\n` cut into `pieces` chunks of about equal size. */
function bulkInPieces(payload: Buffer, pieces: number): Buffer[] {
  const bytes = Buffer.concat([
    Buffer.from(`$${payload.length}\r\n`),
    payload,
    Buffer.from('\r\n'),
  ]);
  const size = Math.ceil(bytes.length / pieces);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

describe('joinInRoom', () => {
  it('joins parts end to end and reuses its room for the next join', () => {
    const first = joinInRoom([Buffer.from('abc'), Buffer.from('def')], 6);
    expect(first.subarray(0, 6).toString()).toBe('abcdef');
    const second = joinInRoom([Buffer.from('xy'), Buffer.from('z')], 3);
    expect(second.subarray(0, 3).toString()).toBe('xyz');
    expect(second.buffer).toBe(first.buffer);
  });

  it('grows its room for a longer value', () => {
    const small = joinInRoom([Buffer.from('a')], 1);
    const big = Buffer.alloc(small.length + 100, 'q');
    const joined = joinInRoom([big.subarray(0, 50), big.subarray(50)], big.length);
    expect(joined.subarray(0, big.length).equals(big)).toBe(true);
    expect(joinInRoom([Buffer.from('b')], 1).buffer).toBe(joined.buffer);
  });

  it('keeps no room past its limit: a longer value gets a Buffer of its own', () => {
    const kept = joinInRoom([Buffer.from('a')], 1);
    const length = MAX_KEPT_JOIN_ROOM + 1;
    const part = Buffer.alloc(length, 1);
    const joined = joinInRoom([part], length);
    expect(joined.length).toBeGreaterThanOrEqual(length);
    expect(joinInRoom([Buffer.from('c')], 1).buffer).not.toBe(joined.buffer);
    expect(kept.length).toBeLessThanOrEqual(MAX_KEPT_JOIN_ROOM);
  });
});

describe('Decoder joins a chunked bulk string in the shared room', () => {
  it('decodes two large replies in turn, each string intact after the room is reused', () => {
    const { decoder, deliveries } = collectingDecoder();
    const first = Buffer.alloc(300_000, 'first-');
    const second = Buffer.alloc(200_000, 'second');
    for (const chunk of bulkInPieces(first, 7)) decoder.write(chunk);
    for (const chunk of bulkInPieces(second, 5)) decoder.write(chunk);
    expect(deliveries.map((delivery) => delivery.value)).toEqual([
      first.toString(),
      second.toString(),
    ]);
  });

  it('decodes UTF-8 split across chunks, a character cut in two', () => {
    const payload = Buffer.from('é'.repeat(40_000));
    const { decoder, deliveries } = collectingDecoder();
    // 13 pieces of an odd size cut some two-byte characters between chunks.
    for (const chunk of bulkInPieces(payload, 13)) decoder.write(chunk);
    expect(deliveries[0]?.value).toBe('é'.repeat(40_000));
  });

  it('gives a Buffer reply memory of its own, not the room', () => {
    const { decoder, deliveries } = collectingDecoder({ buffers: () => true });
    const payload = Buffer.alloc(100_000, 'b');
    for (const chunk of bulkInPieces(payload, 4)) decoder.write(chunk);
    const { decoder: other } = collectingDecoder();
    for (const chunk of bulkInPieces(Buffer.alloc(100_000, 'x'), 4)) other.write(chunk);
    const value = deliveries[0]?.value;
    expect(Buffer.isBuffer(value) && value.equals(payload)).toBe(true);
  });
});
