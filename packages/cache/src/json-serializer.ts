/**
 * The default serializer: JSON, extended so that the types a web service caches most survive a
 * round trip: `Date`, `BigInt`, `Map`, `Set`, `Buffer` (and any `Uint8Array`, read back as a
 * Buffer), and the numbers JSON cannot spell (`NaN`, `Infinity`). Each is written as a small
 * tagged object `{ "$rw": type, "v": payload }`; a plain object that has a `$rw` key of its own is
 * tagged too, so no user data is ever mistaken for a tag. Functions and symbols are refused rather
 * than silently dropped as `JSON.stringify` would.
 */
import { Buffer } from 'node:buffer';
import type { Serializer } from './serializer.js';

const TAG = '$rw';

/** A tagged value as it appears in the JSON text. */
interface Tagged {
  [TAG]: string;
  v: unknown;
}

function tag(type: string, v: unknown): Tagged {
  return { [TAG]: type, v };
}

/**
 * JSON.stringify calls `toJSON` (Date's, Buffer's) before the replacer sees the value, so the
 * replacer reads the original from its holder instead.
 */
function replace(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  switch (typeof raw) {
    case 'bigint':
      return tag('BigInt', raw.toString());
    case 'number':
      return Number.isFinite(raw) ? raw : tag('Number', String(raw));
    case 'function':
    case 'symbol':
      throw new TypeError(`a ${typeof raw} (at "${key}") has no JSON form`);
    case 'object':
      if (raw === null) return null;
      if (raw instanceof Date) return tag('Date', raw.getTime());
      if (raw instanceof Uint8Array) {
        return tag(
          'Buffer',
          Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64'),
        );
      }
      if (raw instanceof Map) return tag('Map', [...raw]);
      if (raw instanceof Set) return tag('Set', [...raw]);
      if (!Array.isArray(raw) && Object.hasOwn(raw, TAG)) return tag('Object', Object.entries(raw));
      return value;
    default:
      return value;
  }
}

function isTagged(value: unknown): value is Tagged {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Tagged)[TAG] === 'string' &&
    Object.hasOwn(value, 'v') &&
    Object.keys(value).length === 2
  );
}

/** The reviver runs bottom-up, so a tag's payload is already revived when the tag is read. */
function revive(_key: string, value: unknown): unknown {
  if (!isTagged(value)) return value;
  const v = value.v;
  switch (value[TAG]) {
    case 'BigInt':
      return BigInt(v as string);
    case 'Number':
      return Number(v);
    case 'Date':
      return new Date(v === null ? Number.NaN : (v as number));
    case 'Buffer':
      return Buffer.from(v as string, 'base64');
    case 'Map':
      return new Map(v as [unknown, unknown][]);
    case 'Set':
      return new Set(v as unknown[]);
    case 'Object':
      return Object.fromEntries(v as [string, unknown][]);
    default:
      throw new TypeError(`unknown tag ${String(value[TAG])}`);
  }
}

/**
 * JSON with Date, BigInt, Map, Set and Buffer kept (the default serializer).
 * @example
 * ```ts
 * const bytes = jsonSerializer.serialize({ at: new Date(0), ids: new Set([1n]) });
 * jsonSerializer.deserialize(Buffer.from(bytes)); // { at: 1970-01-01T00:00:00.000Z, ids: Set(1) { 1n } }
 * ```
 */
export const jsonSerializer: Serializer = Object.freeze({
  name: 'json',
  serialize(value: unknown): string {
    const text = JSON.stringify(value, replace);
    if (text === undefined) throw new TypeError(`a ${typeof value} has no JSON form`);
    return text;
  },
  deserialize(bytes: Buffer): unknown {
    const text = bytes.toString('utf8');
    // A reviver is called for every value and makes JSON.parse several times slower (bench/cache);
    // text without the tag key has no tagged value to revive, so it skips it.
    return text.includes(`"${TAG}"`) ? JSON.parse(text, revive) : JSON.parse(text);
  },
});
