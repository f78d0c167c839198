/**
 * The small conversions every reply transform is made of. Each accepts what either protocol
 * sends for the same answer (RESP2 flat arrays and bulk-string numbers, RESP3 maps, sets,
 * doubles and verbatim strings), in string or Buffer form, and returns one JS value.
 */
import { Buffer } from 'node:buffer';
import { type RespValue, VerbatimString } from '@redwire/protocol';

/** Text or bytes, as the client view asked: `string`, or `Buffer` under `withBuffers()`. */
export type Text = string | Buffer;

/** A transform from a raw reply to the value a method promises. */
export type Transform<T = unknown> = (reply: RespValue) => T;

function unexpected(what: string, reply: RespValue): TypeError {
  return new TypeError(`Unexpected reply for ${what}: ${describe(reply)}`);
}

function describe(reply: RespValue): string {
  if (reply === null) return 'null';
  if (Array.isArray(reply)) return 'an array';
  if (reply instanceof Map) return 'a map';
  if (reply instanceof Set) return 'a set';
  if (Buffer.isBuffer(reply)) return 'a Buffer';
  return typeof reply;
}

/** A bulk or simple string, kept in its form; a verbatim string gives its text. */
export function text(reply: RespValue): Text {
  if (typeof reply === 'string' || Buffer.isBuffer(reply)) return reply;
  if (reply instanceof VerbatimString) return reply.text;
  throw unexpected('a string', reply);
}

export function nullableText(reply: RespValue): Text | null {
  return reply === null ? null : text(reply);
}

/**
 * Protocol text that is never user data (`OK`, `PONG`, a TYPE name, a stream ID, a cursor,
 * a SHA1): always a `string`, Buffer views included.
 */
export function token(reply: RespValue): string {
  if (typeof reply === 'string') return reply;
  if (Buffer.isBuffer(reply) || reply instanceof VerbatimString) return reply.toString();
  if (typeof reply === 'number' || typeof reply === 'bigint') return String(reply);
  throw unexpected('a status', reply);
}

export function nullableToken(reply: RespValue): string | null {
  return reply === null ? null : token(reply);
}

/**
 * An integer or a double as a `number`: RESP3 doubles and integers pass, RESP2 bulk strings
 * (`'2.5'`, `'inf'`, `'-inf'`) are parsed. A bigint beyond 2^53 loses precision, as DESIGN's
 * "integers as number" accepts; `sendCommand` keeps it exact.
 */
export function number(reply: RespValue): number {
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  if (typeof reply === 'string' || Buffer.isBuffer(reply)) {
    const s = reply.toString().toLowerCase();
    if (s === 'inf' || s === '+inf') return Number.POSITIVE_INFINITY;
    if (s === '-inf') return Number.NEGATIVE_INFINITY;
    const n = Number(s);
    if (s !== '' && !Number.isNaN(n)) return n;
  }
  throw unexpected('a number', reply);
}

export function nullableNumber(reply: RespValue): number | null {
  return reply === null ? null : number(reply);
}

/** A boolean-ish reply: the integers 1/0 (either protocol) or a RESP3 boolean. */
export function boolean(reply: RespValue): boolean {
  if (typeof reply === 'boolean') return reply;
  if (typeof reply === 'number' || typeof reply === 'bigint') return reply !== 0 && reply !== 0n;
  throw unexpected('a boolean', reply);
}

/**
 * The elements of an array or a RESP3 set, each converted. An array whose elements all come out
 * as they went in (the strings and nulls of an MGET) is returned as it is: the reply was decoded
 * for this caller alone, and a copy would cost an array of its length on every call.
 */
export function list<T>(reply: RespValue, item: Transform<T>): T[] {
  if (Array.isArray(reply)) return convertedArray(reply, item);
  if (reply instanceof Set) return [...reply].map(item);
  throw unexpected('an array', reply);
}

/** `items` converted, copied only from the first element that changes. */
function convertedArray<T>(items: RespValue[], item: Transform<T>): T[] {
  const count = items.length;
  for (let index = 0; index < count; index++) {
    const value = items[index] as RespValue;
    const converted = item(value);
    if (converted === value) continue;
    const out = items.slice(0, count) as unknown[];
    out[index] = converted;
    for (let rest = index + 1; rest < count; rest++) out[rest] = item(items[rest] as RespValue);
    return out as T[];
  }
  return items as T[];
}

/** An array of strings (or a RESP3 set of them). */
export function texts(reply: RespValue): Text[] {
  return list(reply, text);
}

/**
 * Name/value pairs in any of their shapes: a RESP2 flat array `[n1, v1, n2, v2]`, a RESP3
 * array of pairs `[[n1, v1], [n2, v2]]`, or a RESP3 map.
 */
export function pairs(reply: RespValue): [RespValue, RespValue][] {
  if (reply instanceof Map) return [...reply];
  if (!Array.isArray(reply)) throw unexpected('pairs', reply);
  if (reply.length > 0 && Array.isArray(reply[0])) {
    return reply.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw unexpected('a pair', pair);
      return [pair[0] as RespValue, pair[1] as RespValue];
    });
  }
  if (reply.length % 2 !== 0) throw unexpected('pairs (odd length)', reply);
  const out: [RespValue, RespValue][] = [];
  for (let i = 0; i < reply.length; i += 2) {
    out.push([reply[i] as RespValue, reply[i + 1] as RespValue]);
  }
  return out;
}

/**
 * A hash-like reply as a plain object: names as `string` (decoded from Buffers), values
 * converted by `value`. `Object.fromEntries` defines own properties, so a field named
 * `__proto__` stays a field.
 */
export function record<T>(reply: RespValue, value: Transform<T>): Record<string, T> {
  return Object.fromEntries(pairs(reply).map(([k, v]) => [token(k), value(v)]));
}

/** A sorted-set member with its score. */
export interface ScoredMember<S extends Text = string> {
  member: S;
  score: number;
}

/** WITHSCORES replies: RESP2 flat with string scores, RESP3 pairs with doubles. */
export function scoredMembers(reply: RespValue): ScoredMember<Text>[] {
  return pairs(reply).map(([member, score]) => ({ member: text(member), score: number(score) }));
}

/** An array that must hold exactly `length` elements (TIME, BLPOP, BZPOPMIN, ...). */
export function tuple(reply: RespValue, length: number): RespValue[] {
  if (!Array.isArray(reply) || reply.length !== length)
    throw unexpected(`${length} elements`, reply);
  return reply;
}
