/**
 * How a cached value becomes bytes and back. The cache calls `serialize` before writing (a throw
 * there means nothing is written) and `deserialize` on every hit (a throw there makes the read a
 * reported miss), so a serializer needs no error handling of its own.
 */
import { Buffer } from 'node:buffer';
import { jsonSerializer } from './json-serializer.js';
import { msgpackSerializer } from './msgpack-serializer.js';

/**
 * A pluggable serializer. `name` is stored with every entry, so an entry written by another
 * serializer is read as a miss instead of being decoded into nonsense.
 *
 * @example
 * ```ts
 * const utf8: Serializer = {
 *   name: 'utf8',
 *   serialize: (value) => String(value),
 *   deserialize: (bytes) => bytes.toString('utf8'),
 * };
 * const cache = createCache(redis, { serializer: utf8 });
 * ```
 */
export interface Serializer {
  /** A short, stable name (at most 255 bytes of UTF-8), stored beside each value. */
  readonly name: string;
  /** Turns a value into bytes; throws for a value it cannot represent. */
  serialize(value: unknown): Buffer | string;
  /** Turns stored bytes back into the value; throws when they are not its format. */
  deserialize(bytes: Buffer): unknown;
}

/**
 * The serializer an option names: `'json'`, `'msgpack'`, or the user's own (checked for shape).
 * @throws TypeError for anything else
 */
export function resolveSerializer(
  choice: 'json' | 'msgpack' | Serializer,
  where: string,
): Serializer {
  if (choice === 'json') return jsonSerializer;
  if (choice === 'msgpack') return msgpackSerializer;
  if (
    typeof choice === 'object' &&
    choice !== null &&
    typeof choice.name === 'string' &&
    Buffer.byteLength(choice.name) <= 255 &&
    typeof choice.serialize === 'function' &&
    typeof choice.deserialize === 'function'
  ) {
    return choice;
  }
  throw new TypeError(
    `${where}: serializer must be 'json', 'msgpack' or { name, serialize, deserialize }`,
  );
}
