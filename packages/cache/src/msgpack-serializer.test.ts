import { describe, expect, it, vi } from 'vitest';
import { msgpackSerializer } from './msgpack-serializer.js';

describe('msgpackSerializer', () => {
  const value = {
    at: new Date(1_700_000_000_123),
    big: 123_456_789_012_345_678_901_234_567_890n,
    small: 5n,
    byId: new Map<unknown, unknown>([[1, { tags: new Set(['a']) }]]),
    bytes: Buffer.from([0, 1, 255]),
    plain: { a: [1, 2], b: null },
  };

  it('keeps Date, BigInt, Map, Set and Buffer through a round trip, and objects as objects', () => {
    const back = msgpackSerializer.deserialize(Buffer.from(msgpackSerializer.serialize(value)));
    expect(back).toEqual(value);
    expect((back as typeof value).byId).toBeInstanceOf(Map);
    expect((back as typeof value).plain).not.toBeInstanceOf(Map);
  });

  it('writes self-describing bytes that another process (a fresh module) decodes', async () => {
    // Many shapes first: record definitions must travel in each message, not stay in memory.
    for (let i = 0; i < 100; i++) msgpackSerializer.serialize({ [`field${i}`]: i, other: i });
    const bytes = Buffer.from(msgpackSerializer.serialize(value));
    vi.resetModules();
    const fresh = await import('./msgpack-serializer.js');
    expect(fresh.msgpackSerializer).not.toBe(msgpackSerializer);
    expect(fresh.msgpackSerializer.deserialize(bytes)).toEqual(value);
  });

  it('refuses functions, symbols and cycles instead of writing nil', () => {
    expect(() => msgpackSerializer.serialize({ run() {} })).toThrow(TypeError);
    expect(() => msgpackSerializer.serialize(new Map([['s', Symbol('x')]]))).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => msgpackSerializer.serialize(cycle)).toThrow(/cycle/);
  });

  it('accepts a value seen twice that is not a cycle', () => {
    const shared = { id: 1 };
    const back = msgpackSerializer.deserialize(
      Buffer.from(msgpackSerializer.serialize([shared, shared])),
    );
    expect(back).toEqual([{ id: 1 }, { id: 1 }]);
  });
});
