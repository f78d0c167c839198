import { describe, expect, it } from 'vitest';
import { jsonSerializer } from './json-serializer.js';

const roundTrip = (value: unknown) =>
  jsonSerializer.deserialize(Buffer.from(jsonSerializer.serialize(value)));

describe('jsonSerializer', () => {
  it('keeps Date, BigInt, Map, Set and Buffer through a round trip, nested too', () => {
    const value = {
      at: new Date(1_700_000_000_123),
      big: 123_456_789_012_345_678_901_234_567_890n,
      byId: new Map<unknown, unknown>([
        [1, { tags: new Set(['a', 'b']) }],
        ['k', [new Date(0), 2n]],
      ]),
      bytes: Buffer.from([0, 1, 255]),
      list: [1, 'two', null, true],
    };
    expect(roundTrip(value)).toEqual(value);
    const back = roundTrip(value) as typeof value;
    expect(back.bytes).toBeInstanceOf(Buffer);
    expect(back.byId).toBeInstanceOf(Map);
  });

  it('keeps NaN, Infinity and an invalid Date', () => {
    const back = roundTrip([Number.NaN, -Infinity, new Date(Number.NaN)]) as unknown[];
    expect(back[0]).toBeNaN();
    expect(back[1]).toBe(-Infinity);
    expect((back[2] as Date).getTime()).toBeNaN();
  });

  it('reads a Uint8Array back as a Buffer of the same bytes', () => {
    expect(roundTrip(new Uint8Array([7, 8]))).toEqual(Buffer.from([7, 8]));
  });

  it('never mistakes a user object with a $rw key for a tagged value', () => {
    const lookalike = { $rw: 'Date', v: 5 };
    expect(roundTrip(lookalike)).toEqual(lookalike);
    expect(roundTrip({ nested: { $rw: 'Map', v: [] } })).toEqual({ nested: { $rw: 'Map', v: [] } });
  });

  it('reads plain JSON (no tagged value) the same way, also when a string mentions "$rw"', () => {
    const plain = { a: [1, 'two'], note: 'a "$rw" in text', nested: { ok: true } };
    expect(roundTrip(plain)).toEqual(plain);
    expect(jsonSerializer.deserialize(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it('refuses functions, symbols and cycles instead of dropping them', () => {
    expect(() => jsonSerializer.serialize({ run() {} })).toThrow(TypeError);
    expect(() => jsonSerializer.serialize({ s: Symbol('x') })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => jsonSerializer.serialize(cycle)).toThrow(TypeError);
    expect(() => jsonSerializer.serialize(() => 1)).toThrow(TypeError);
  });

  it('throws on bytes that are not its JSON', () => {
    expect(() => jsonSerializer.deserialize(Buffer.from([0x93, 0x01]))).toThrow();
    expect(() => jsonSerializer.deserialize(Buffer.from('{"$rw":"Nope","v":1}'))).toThrow(
      /unknown tag/,
    );
  });
});
