import { describe, expect, it } from 'vitest';
import { hashTagForSlot, keySlot, SLOT_COUNT } from './key-slot.js';

describe('keySlot', () => {
  it('matches the cluster spec examples and CLUSTER KEYSLOT', () => {
    // CRC16("123456789") = 0x31C3 is the spec's check value; 12739 = 0x31C3 % 16384.
    expect(keySlot('123456789')).toBe(12_739);
    expect(keySlot('foo')).toBe(12_182);
    expect(keySlot('')).toBe(0);
  });

  it('hashes only the first non-empty hash tag', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('{user1000}.followers')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}'));
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });

  it('accepts bytes', () => {
    expect(keySlot(Buffer.from('foo'))).toBe(12_182);
  });
});

describe('hashTagForSlot', () => {
  it('returns a tag whose keys land in the slot, for the ends and the middle of the range', () => {
    for (const slot of [0, 1, 8191, SLOT_COUNT - 1]) {
      expect(keySlot(`{${hashTagForSlot(slot)}}:anything`)).toBe(slot);
    }
  });

  it('rejects slots outside 0-16383', () => {
    expect(() => hashTagForSlot(SLOT_COUNT)).toThrow(RangeError);
    expect(() => hashTagForSlot(-1)).toThrow(RangeError);
  });
});
