import { keySlot } from '@redwire/test-harness';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLOT_COUNT, slotOf } from './slot.js';

describe('slotOf', () => {
  it('is CRC16 (XModem) of the key modulo 16384', () => {
    expect(SLOT_COUNT).toBe(16_384);
    // The spec's check value: CRC16 of "123456789" is 0x31C3.
    expect(slotOf('123456789')).toBe(0x31c3);
    expect(slotOf('foo')).toBe(12_182);
    expect(slotOf('bar')).toBe(5_061);
    expect(slotOf('')).toBe(0);
  });

  it('hashes only the hash tag, by the rules of the cluster spec', () => {
    expect(slotOf('{user1000}.following')).toBe(slotOf('{user1000}.followers'));
    expect(slotOf('{user1000}.following')).toBe(slotOf('user1000'));
    // Only the first `{` and the first `}` after it count.
    expect(slotOf('foo{{bar}}zap')).toBe(slotOf('{bar'));
    expect(slotOf('foo{bar}{zap}')).toBe(slotOf('bar'));
    // An empty tag means the whole key, even when a tag follows (cluster-key-slot gets this wrong).
    expect(slotOf('foo{}{bar}')).toBe(keySlot('foo{}{bar}'));
    expect(slotOf('foo{}{bar}')).not.toBe(slotOf('bar'));
    expect(slotOf('{}{a}')).toBe(keySlot('{}{a}'));
    // No closing brace: the whole key.
    expect(slotOf('{abc')).toBe(keySlot('{abc'));
  });

  it('hashes a number or bigint as its decimal text, as the encoder sends it', () => {
    expect(slotOf(42)).toBe(slotOf('42'));
    expect(slotOf(-1.5)).toBe(slotOf('-1.5'));
    expect(slotOf(12345678901234567890n)).toBe(slotOf('12345678901234567890'));
    expect(slotOf(Number.POSITIVE_INFINITY)).toBe(slotOf('+inf'));
    expect(slotOf(Number.NEGATIVE_INFINITY)).toBe(slotOf('-inf'));
  });

  it('hashes a string as its UTF-8 bytes, a lone surrogate as the encoder writes it', () => {
    for (const key of ['clé', 'ключ{é}x', '{日本}語', '😀', 'a\ud800b', '{\udc00}']) {
      expect(slotOf(key), key).toBe(slotOf(Buffer.from(key, 'utf8')));
    }
  });

  it('reads Buffers and plain Uint8Arrays, views into larger buffers included', () => {
    const backing = Buffer.from('xx{user}:1yy');
    const view = backing.subarray(2, 10);
    expect(slotOf(view)).toBe(slotOf('{user}:1'));
    expect(slotOf(new Uint8Array(view))).toBe(slotOf('{user}:1'));
  });

  it('agrees with an independent implementation on any string and any bytes', () => {
    const withBraces = fc.string({
      unit: fc.oneof(
        fc.constantFrom('{', '}', 'a', 'é'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        // Lone surrogates, which the encoder sends as U+FFFD.
        fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
      ),
      maxLength: 24,
    });
    fc.assert(
      fc.property(withBraces, (key) => {
        expect(slotOf(key)).toBe(keySlot(key));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(slotOf(bytes)).toBe(keySlot(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});
