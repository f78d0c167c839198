/**
 * Argument checks shared by every command builder. A bad argument from the user is a
 * `TypeError` thrown before anything is built, naming the method and the parameter or option
 * (`set(): argument "key" must be a string or Buffer, got undefined`), so the mistake is found
 * where it was made instead of as a server error on some later reply.
 */
import { Buffer } from 'node:buffer';
import type { CommandArgument } from '@redwire/protocol';

/** A key: text or raw bytes. */
export type RedisKey = string | Buffer;

/** A value: text, raw bytes, or a finite number (sent as its decimal text). */
export type RedisValue = string | Buffer | number;

/**
 * A score bound of a sorted-set range: a number (`Infinity` and `-Infinity` included), the
 * strings `'+inf'`/`'-inf'`, or an exclusive bound such as `'(1.5'`.
 */
export type ScoreBound = number | '+inf' | '-inf' | `(${number}` | '(+inf' | '(-inf';

/** A point in time: a `Date`, or a Unix timestamp in the unit the command's token names. */
export type UnixTime = number | Date;

/** A fixed token, in the docs' upper case or in lower case (`'KM'` or `'km'`). */
export type Token<T extends string> = T | Lowercase<T>;

/** Name/value pairs: a plain object, a `Map`, or an array of `[name, value]` tuples. */
export type Pairs<K, V> =
  | Readonly<Record<string, V>>
  | ReadonlyMap<K, V>
  | readonly (readonly [K, V])[];

/** How a value is shown in a message: its type, and the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'string') return value.length <= 20 ? `'${value}'` : 'a string';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    // A plain object says 'an object'; an instance says what it is ('a Map').
    return name === undefined || name === 'Object' ? 'an object' : `a ${name}`;
  }
  return `a ${typeof value}`;
}

/** The one error every check throws. `what` names the place: `argument "key"`, `option "ex"`. */
export function argumentError(method: string, what: string, expected: string, value: unknown) {
  return new TypeError(`${method}(): ${what} must be ${expected}, got ${describeValue(value)}`);
}

/** The label of element `index` of a labelled list: `argument "keys"` -> `argument "keys[1]"`. */
export function elementLabel(what: string, index: number): string {
  return what.endsWith('"') ? `${what.slice(0, -1)}[${index}]"` : `${what}[${index}]`;
}

/** A key: a string or a Buffer. */
export function checkKey(method: string, what: string, value: unknown): RedisKey {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  throw argumentError(method, what, 'a string or Buffer', value);
}

/** A value: a string, a Buffer or a finite number. */
export function checkValue(method: string, what: string, value: unknown): RedisValue {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw argumentError(method, what, 'a string, Buffer or finite number', value);
}

/** An integer (a finite number with no fraction). */
export function checkInteger(method: string, what: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw argumentError(method, what, 'an integer', value);
}

/** A finite number. */
export function checkDouble(method: string, what: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw argumentError(method, what, 'a finite number', value);
}

const SCORE_TEXT = /^\(?([+-]?inf|[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)$/i;

/**
 * A score bound (see {@link ScoreBound}). Infinite numbers become `+inf`/`-inf`, which is how
 * Redis spells them.
 */
export function checkScore(method: string, what: string, value: unknown): CommandArgument {
  if (typeof value === 'number' && !Number.isNaN(value)) {
    if (value === Number.POSITIVE_INFINITY) return '+inf';
    if (value === Number.NEGATIVE_INFINITY) return '-inf';
    return value;
  }
  if (typeof value === 'string' && SCORE_TEXT.test(value)) return value;
  throw argumentError(
    method,
    what,
    "a number, '+inf', '-inf' or an exclusive bound like '(1'",
    value,
  );
}

/** A Unix time in `unit`; a `Date` is converted (seconds are rounded down). */
export function checkUnixTime(
  method: string,
  what: string,
  value: unknown,
  unit: 'seconds' | 'milliseconds',
): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw argumentError(method, what, 'a valid Date', 'an invalid Date');
    return unit === 'seconds' ? Math.floor(ms / 1000) : ms;
  }
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw argumentError(method, what, `a Date or an integer Unix time in ${unit}`, value);
}

/** A boolean option (a pure token such as `NX`): `true` sends it, `false` leaves it out. */
export function checkFlag(method: string, what: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw argumentError(method, what, 'a boolean', value);
}

/** One of a fixed set of tokens, matched case-insensitively and sent as the docs spell it. */
export function checkChoice(
  method: string,
  what: string,
  value: unknown,
  tokens: readonly string[],
): string {
  if (typeof value === 'string') {
    const upper = value.toUpperCase();
    const token = tokens.find((candidate) => candidate.toUpperCase() === upper);
    if (token !== undefined) return token;
  }
  const expected = `one of ${tokens.map((token) => `'${token}'`).join(', ')}`;
  throw argumentError(method, what, expected, value);
}

/** An array; `nonEmpty` when the command needs at least one element. */
export function checkArray(
  method: string,
  what: string,
  value: unknown,
  nonEmpty: boolean,
): readonly unknown[] {
  if (!Array.isArray(value)) throw argumentError(method, what, 'an array', value);
  if (nonEmpty && value.length === 0) {
    throw argumentError(method, what, 'at least one value', value);
  }
  return value;
}

/** A plain object of options (not an array, not null). */
export function checkObject(method: string, what: string, value: unknown): Record<string, unknown> {
  const ok =
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
  if (ok) return value as Record<string, unknown>;
  throw argumentError(method, what, 'an object', value);
}

/**
 * Name/value pairs as an array of `[name, value]`, from a plain object, a `Map` or an array of
 * tuples; `nonEmpty` when at least one pair is needed.
 */
export function checkPairs(
  method: string,
  what: string,
  value: unknown,
  nonEmpty: boolean,
): (readonly [unknown, unknown])[] {
  let pairs: (readonly [unknown, unknown])[];
  if (value instanceof Map) {
    pairs = [...value.entries()];
  } else if (Array.isArray(value)) {
    pairs = value.map((pair: unknown, index) => {
      if (Array.isArray(pair) && pair.length === 2) return [pair[0], pair[1]] as const;
      throw argumentError(method, elementLabel(what, index), 'a [name, value] pair', pair);
    });
  } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    pairs = Object.entries(value);
  } else {
    throw argumentError(method, what, 'an object, a Map or an array of [name, value] pairs', value);
  }
  if (nonEmpty && pairs.length === 0) {
    throw argumentError(method, what, 'at least one pair', value);
  }
  return pairs;
}

/**
 * At most one of `fields` (exactly one when `required`) may be set on `options`. Returns the one
 * set, or `undefined`.
 */
export function checkExclusive(
  method: string,
  options: Record<string, unknown>,
  fields: readonly string[],
  required: boolean,
  where = 'options',
): string | undefined {
  const set = fields.filter((field) => isSet(options[field]));
  if (set.length > 1) {
    throw new TypeError(
      `${method}(): ${where} "${set[0]}" and "${set[1]}" cannot be used together`,
    );
  }
  if (required && set.length === 0) {
    const names = fields.map((field) => `"${field}"`).join(', ');
    throw new TypeError(`${method}(): ${where} need one of ${names}`);
  }
  return set[0];
}

/** An option counts as given unless it is `undefined` or `false` (a flag left off). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/** The arguments of a command with no typed signature: each must be something RESP can carry. */
export function checkRawArguments(method: string, args: readonly unknown[]): CommandArgument[] {
  return args.map((arg, index) => {
    if (typeof arg === 'bigint' || arg instanceof Uint8Array) return arg;
    return checkValue(method, `argument ${index + 1}`, arg);
  });
}
