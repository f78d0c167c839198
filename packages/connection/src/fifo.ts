/**
 * A first-in first-out queue with O(1) push and shift: a ring buffer whose capacity doubles
 * when full. It keeps its capacity when emptied (up to {@link KEPT_CAPACITY}), so a connection
 * that carries one pipeline after another reuses the same array instead of regrowing it, and
 * copying, for every batch; a burst beyond that is let go once the queue is empty again.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = new Array(INITIAL_CAPACITY);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    // Capacities are powers of two: the mask wraps the index.
    this.#items[(this.#head + this.#length) & (this.#items.length - 1)] = item;
    this.#length++;
  }

  /** The oldest item, without removing it. */
  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const items = this.#items;
    const item = items[this.#head];
    // Cleared so the queue holds no reference to what it handed out.
    items[this.#head] = undefined;
    this.#head = (this.#head + 1) & (items.length - 1);
    if (--this.#length === 0) {
      this.#head = 0;
      if (items.length > KEPT_CAPACITY) this.#items = new Array(INITIAL_CAPACITY);
    }
    return item;
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const items = [...this];
    this.#items = new Array(INITIAL_CAPACITY);
    this.#head = 0;
    this.#length = 0;
    return items;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    const items = this.#items;
    const mask = items.length - 1;
    for (let i = 0; i < this.#length; i++) yield items[(this.#head + i) & mask] as T;
  }

  #grow(): void {
    const items = this.#items;
    const grown = new Array<T | undefined>(items.length * 2);
    const mask = items.length - 1;
    for (let i = 0; i < this.#length; i++) grown[i] = items[(this.#head + i) & mask];
    this.#items = grown;
    this.#head = 0;
  }
}

/** A power of two. */
const INITIAL_CAPACITY = 16;

/**
 * The largest capacity an emptied queue keeps (a power of two): room for a few thousand
 * commands in flight, 32 KiB of references.
 */
export const KEPT_CAPACITY = 4096;
