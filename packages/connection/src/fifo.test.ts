import { describe, expect, it } from 'vitest';
import { Fifo, KEPT_CAPACITY } from './fifo.js';

function fifoOf<T>(...items: T[]): Fifo<T> {
  const fifo = new Fifo<T>();
  for (const item of items) fifo.push(item);
  return fifo;
}

describe('Fifo', () => {
  it('shifts items in the order they were pushed', () => {
    const fifo = fifoOf('a', 'b', 'c');
    expect([fifo.shift(), fifo.shift(), fifo.shift()]).toEqual(['a', 'b', 'c']);
    expect(fifo.length).toBe(0);
  });

  it('peek returns the oldest item without removing it', () => {
    const fifo = fifoOf(1, 2);
    expect(fifo.peek()).toBe(1);
    expect(fifo.peek()).toBe(1);
    expect(fifo.length).toBe(2);
    fifo.shift();
    expect(fifo.peek()).toBe(2);
  });

  it('peek and shift on an empty queue return undefined and leave it usable', () => {
    const fifo = new Fifo<number>();
    expect(fifo.peek()).toBeUndefined();
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.length).toBe(0);
    fifo.push(7);
    expect(fifo.shift()).toBe(7);
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.length).toBe(0);
  });

  it('keeps counting correctly when emptied and refilled', () => {
    const fifo = fifoOf(1, 2);
    fifo.shift();
    fifo.shift();
    fifo.push(3);
    fifo.push(4);
    expect(fifo.length).toBe(2);
    expect([...fifo]).toEqual([3, 4]);
  });

  it('drain returns every remaining item oldest first and empties the queue', () => {
    const fifo = fifoOf('a', 'b', 'c', 'd');
    fifo.shift();
    expect(fifo.drain()).toEqual(['b', 'c', 'd']);
    expect(fifo.length).toBe(0);
    expect(fifo.peek()).toBeUndefined();
    expect(fifo.drain()).toEqual([]);
    fifo.push('e');
    expect([...fifo]).toEqual(['e']);
  });

  it('iterates the remaining items oldest first without consuming them', () => {
    const fifo = fifoOf(1, 2, 3, 4);
    fifo.shift();
    expect([...fifo]).toEqual([2, 3, 4]);
    expect([...fifo]).toEqual([2, 3, 4]);
    expect(fifo.length).toBe(3);
  });

  it('keeps falsy items (0, empty string) distinct from "empty"', () => {
    const fifo = fifoOf<number | string>(0, '');
    expect(fifo.peek()).toBe(0);
    expect(fifo.shift()).toBe(0);
    expect(fifo.shift()).toBe('');
    expect(fifo.length).toBe(0);
  });

  it('keeps order and length through 10,000 interleaved pushes and shifts (growth while wrapped)', () => {
    const fifo = new Fifo<number>();
    let pushed = 0;
    let shifted = 0;
    // Push two, shift one: the ring grows to 8,192 slots, each time with its head away from
    // the start of the array, so growing has to unwrap the items in order.
    while (pushed < 10_000) {
      fifo.push(pushed++);
      fifo.push(pushed++);
      expect(fifo.shift()).toBe(shifted++);
      expect(fifo.length).toBe(pushed - shifted);
      expect(fifo.peek()).toBe(shifted);
    }
    expect([...fifo]).toEqual(Array.from({ length: 5_000 }, (_, i) => 5_000 + i));
    while (fifo.length > 0) {
      expect(fifo.shift()).toBe(shifted++);
      expect(fifo.length).toBe(pushed - shifted);
    }
    expect(shifted).toBe(10_000);
    expect(fifo.shift()).toBeUndefined();
  });

  it('keeps order when a long backlog is shifted down and topped up', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 10_000; i++) fifo.push(i);
    for (let i = 0; i < 9_000; i++) {
      expect(fifo.shift()).toBe(i);
      expect(fifo.length).toBe(10_000 - i - 1);
    }
    fifo.push(10_000);
    expect(fifo.drain()).toEqual(Array.from({ length: 1_001 }, (_, i) => 9_000 + i));
  });

  it('stays usable after a burst larger than the capacity it keeps is emptied', () => {
    const fifo = new Fifo<number>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < KEPT_CAPACITY * 2 + 3; i++) fifo.push(i);
      for (let i = 0; i < KEPT_CAPACITY * 2 + 3; i++) expect(fifo.shift()).toBe(i);
      expect(fifo.length).toBe(0);
      expect(fifo.peek()).toBeUndefined();
    }
    fifo.push(1);
    fifo.push(2);
    expect([...fifo]).toEqual([1, 2]);
  });
});
