import { describe, expect, it } from 'vitest';
import { addItem, closeFrame, innermost, openFrame } from './aggregate-stack.js';
import { TypeByte } from './type-bytes.js';

/** Fills a frame as the decoder does: each element added, then one fewer remaining. */
function fill(frame: ReturnType<typeof openFrame>, values: unknown[]): void {
  for (const value of values) {
    addItem(frame, value as never);
    frame.remaining--;
  }
}

describe('openFrame makes an aggregate at its length only when the read could hold it', () => {
  it('makes the array at its length when the bytes left could hold every element', () => {
    const frame = openFrame(TypeByte.ARRAY, 3, 9);
    expect(frame.sized).toBe(true);
    expect(frame.items).toHaveLength(3);
    fill(frame, ['a', 'b', 'c']);
    expect(closeFrame(frame)).toEqual(['a', 'b', 'c']);
  });

  it('grows it element by element when the declared length is more than the read could hold', () => {
    const frame = openFrame(TypeByte.ARRAY, 4_294_967_295, 64 * 1024);
    expect(frame.sized).toBe(false);
    expect(frame.items).toHaveLength(0);
    fill(frame, [1, 2]);
    expect(frame.items).toEqual([1, 2]);
  });

  it('counts a map’s keys and values, and puts each in its slot', () => {
    const sized = openFrame(TypeByte.MAP, 2, 12);
    expect(sized.items).toHaveLength(4);
    fill(sized, ['k1', 1, 'k2', 2]);
    expect(closeFrame(sized)).toEqual(
      new Map<unknown, unknown>([
        ['k1', 1],
        ['k2', 2],
      ]),
    );
    // Two pairs are four elements: at three bytes each, 11 bytes cannot hold them.
    expect(openFrame(TypeByte.MAP, 2, 11).sized).toBe(false);
  });
});

describe('innermost', () => {
  it('is the last frame opened, or undefined at top level', () => {
    const outer = openFrame(TypeByte.ARRAY, 2, 64);
    const inner = openFrame(TypeByte.SET, 1, 64);
    expect(innermost([])).toBeUndefined();
    expect(innermost([outer])).toBe(outer);
    expect(innermost([outer, inner])).toBe(inner);
  });
});
