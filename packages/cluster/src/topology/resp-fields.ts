/**
 * Reading the fields of a topology reply whichever protocol the node spoke: a RESP3 map arrives
 * as a `Map`, the same map under RESP2 as a flat `[key, value, key, value]` array.
 */
import { Buffer } from 'node:buffer';
import { RedisError, type RespValue } from '@redwire/protocol';

/**
 * A topology reply (`CLUSTER SHARDS`, `CLUSTER SLOTS`) whose shape is not the documented one.
 * The node that sent it is treated as not answering; its view is not used.
 */
export function unexpectedReply(what: string): RedisError {
  return new RedisError(`Unexpected topology reply: ${what}`, 'REDWIRE_UNEXPECTED_REPLY');
}

/** The entries of a RESP3 map or a RESP2 flat key/value array, keyed by their text. */
export function fieldsOf(value: RespValue, what: string): Map<string, RespValue> {
  const fields = new Map<string, RespValue>();
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      const name = textOf(key);
      if (name !== undefined) fields.set(name, entry);
    }
    return fields;
  }
  if (!Array.isArray(value) || value.length % 2 !== 0) {
    throw unexpectedReply(`${what} is neither a map nor a flat key/value array`);
  }
  for (let i = 0; i < value.length; i += 2) {
    const name = textOf(value[i] as RespValue);
    if (name !== undefined) fields.set(name, value[i + 1] as RespValue);
  }
  return fields;
}

/** An array reply (a RESP3 set counts), or a shape error naming `what`. */
export function arrayOf(value: RespValue | undefined, what: string): readonly RespValue[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  throw unexpectedReply(`${what} is not an array`);
}

/** A string or Buffer as text; `undefined` for anything else (`null` included). */
export function textOf(value: RespValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** An integer reply (or its decimal text, as some servers send slot numbers); `undefined` otherwise. */
export function integerOf(value: RespValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const text = textOf(value);
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}
