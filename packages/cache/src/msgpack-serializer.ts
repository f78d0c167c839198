/**
 * MessagePack through msgpackr: smaller entries and faster decoding than JSON for large values.
 *
 * msgpackr is pinned to an exact version: the bytes it writes are what other processes (and the
 * next deploy) must read back, so a format change should arrive only through a reviewed bump.
 * 2.1.4 is the version the suite runs on Node.js 20 (it declares no engines; its native
 * accelerator is optional and it falls back to pure JavaScript without it).
 *
 * The `Packr` keeps msgpackr's record extension (the default): records make objects compact and
 * let a `Map` stay a `Map`. Without `structures` shared between processes, each message carries
 * its own record definitions, so any process can decode it (pinned by a test). `moreTypes` keeps
 * `Set`, `Date`, `BigInt` (of any size) and typed arrays.
 */
import type { Buffer } from 'node:buffer';
import { Packr } from 'msgpackr';
import type { Serializer } from './serializer.js';

const packr = new Packr({ moreTypes: true });

/**
 * msgpackr writes functions and symbols as nil without a word and overflows the stack on a cycle;
 * the cache's promise is a clear error instead, so the value is walked first.
 */
function assertPackable(value: unknown, seen: Set<object>): void {
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(`a ${typeof value} has no MessagePack form`);
  }
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  if (value instanceof Date) return;
  if (seen.has(value)) throw new TypeError('the value holds a cycle');
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      assertPackable(k, seen);
      assertPackable(v, seen);
    }
  } else {
    for (const item of value instanceof Set ? value : Object.values(value))
      assertPackable(item, seen);
  }
  seen.delete(value);
}

/**
 * MessagePack with Date, BigInt, Map, Set and Buffer kept.
 * @example
 * ```ts
 * const cache = createCache(redis, { serializer: 'msgpack' });
 * ```
 */
export const msgpackSerializer: Serializer = Object.freeze({
  name: 'msgpack',
  serialize(value: unknown): Buffer {
    assertPackable(value, new Set());
    return packr.pack(value);
  },
  deserialize(bytes: Buffer): unknown {
    return packr.unpack(bytes);
  },
});
