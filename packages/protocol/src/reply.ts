import type { Buffer } from 'node:buffer';
import type { ReplyError } from './errors.js';

/**
 * A RESP3 verbatim string (`=`): text with a three-letter format, `txt` or `mkd`. INFO, CLIENT
 * LIST and LATENCY DOCTOR reply with one under RESP3. `String(v)` gives the text.
 */
export class VerbatimString {
  constructor(
    /** The format tag the server sent: `txt` (plain text) or `mkd` (markdown). */
    readonly format: string,
    /** The text itself, a string or a Buffer as the reply was asked for. */
    readonly text: string | Buffer,
  ) {}

  /** The text as a string (a Buffer text decoded as UTF-8), without the format tag. */
  toString(): string {
    return typeof this.text === 'string' ? this.text : this.text.toString('utf8');
  }
}

/**
 * Any decoded RESP value, as the decoder hands it over. Lossless by design: higher layers
 * normalise (a map to a plain object, a set to an array) per command.
 *
 * | RESP                         | value                                         |
 * | ---------------------------- | --------------------------------------------- |
 * | simple string, bulk string   | `string`, or `Buffer` when buffers are asked  |
 * | integer                      | `number`; `bigint` beyond ±2^53-1             |
 * | double                       | `number` (`Infinity`, `-Infinity`, `NaN`)     |
 * | big number                   | `bigint`                                      |
 * | boolean                      | `boolean`                                     |
 * | null, `$-1`, `*-1`           | `null`                                        |
 * | error, bulk error            | {@link ReplyError} (a value, never thrown)    |
 * | verbatim string              | {@link VerbatimString}                        |
 * | array, push                  | `RespValue[]`                                 |
 * | map, attribute               | `Map<RespValue, RespValue>`                   |
 * | set                          | `Set<RespValue>`                              |
 */
export type RespValue =
  | string
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | ReplyError
  | VerbatimString
  | RespValue[]
  | RespMap
  | RespSet;

/** A RESP3 map or attribute, keys in the order the server sent them. */
export type RespMap = Map<RespValue, RespValue>;

/** A RESP3 set. Members are compared by identity, as JavaScript sets do. */
export type RespSet = Set<RespValue>;

/**
 * A RESP3 push frame: out-of-band data (pub/sub messages, client-side caching invalidations)
 * that answers no command. The first element names the kind (`message`, `invalidate`, ...).
 */
export type PushFrame = RespValue[];
