import { ReplyError } from '../errors.js';
import { VerbatimString } from '../reply.js';

/**
 * A decoded value as plain data that `toEqual` compares strictly: the kind of every value is
 * kept (a Map is not an object, a Buffer not a string, an error not its message).
 */
export function plain(value: unknown): unknown {
  if (value instanceof ReplyError) return { error: value.message, code: value.code };
  if (value instanceof VerbatimString) return { verbatim: value.format, text: plain(value.text) };
  if (Buffer.isBuffer(value)) return { buffer: value.toString('latin1') };
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [plain(k), plain(v)]) };
  if (value instanceof Set) return { set: [...value].map(plain) };
  if (Array.isArray(value)) return value.map(plain);
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
