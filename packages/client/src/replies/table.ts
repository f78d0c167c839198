/**
 * The reply transforms of the everyday commands, by method name. Each entry receives the
 * call's arguments (a reply's shape may hang on an option: `withscores`, `count`, `get`) and
 * returns the transform that turns either protocol's raw reply into the value types.ts
 * promises. The table is type-checked against `CommandReplies`, so an entry cannot promise
 * one thing and return another.
 *
 * An entry that declares no parameters (`() => text`) is called once, when the methods are
 * installed, and its transform reused for every call; an entry that reads the call must name
 * its parameters (never `...args`), or it would be taken for a fixed one.
 */
import type { RespValue } from '@redwire/protocol';
import type { CommandBuilders } from '../commands/generated/index.js';
import {
  boolean,
  list,
  nullableNumber,
  nullableText,
  nullableToken,
  number,
  pairs,
  record,
  scoredMembers,
  type Text,
  type Transform,
  text,
  texts,
  token,
  tuple,
} from './convert.js';
import type {
  CommandReplies,
  HashField,
  PendingStreamEntry,
  PoppedElement,
  PoppedMember,
  StreamEntry,
  StreamMessages,
} from './types.js';

/** Method names with a normalised reply. */
export type ReplyMethod = keyof CommandReplies<string, unknown>;

type TransformTable = {
  readonly [K in ReplyMethod]: (
    ...args: Parameters<CommandBuilders[K]>
  ) => Transform<CommandReplies<Text, Parameters<CommandBuilders[K]>>[K]>;
};

// Transforms shared by many entries, built once.
const raw: Transform<RespValue> = (reply) => reply;
const ok = (reply: RespValue) => token(reply) as 'OK';
const nullableOk = (reply: RespValue) => nullableToken(reply) as 'OK' | null;
const nullableTexts = (reply: RespValue) => (reply === null ? null : texts(reply));
const booleans = (reply: RespValue) => list(reply, boolean);
const textRecord = (reply: RespValue) => record(reply, text);

/** A cursor reply `[cursor, items]`, the items converted by `items`. */
function scanPage<T>(reply: RespValue, items: Transform<T>): { cursor: string; items: T } {
  const [cursor, page] = tuple(reply, 2) as [RespValue, RespValue];
  return { cursor: token(cursor), items: items(page) };
}

function oneScored(reply: RespValue) {
  // ZPOPMIN/ZPOPMAX without a count: `[member, score]`, or `[]` when the set is missing.
  const all = scoredMembers(reply);
  return all[0] ?? null;
}

function streamEntry(entry: RespValue): StreamEntry<Text> {
  const [id, fields] = tuple(entry, 2) as [RespValue, RespValue];
  return { id: token(id), fields: textRecord(fields) };
}

function pendingEntry(entry: RespValue): PendingStreamEntry<Text> {
  const [id, fields] = tuple(entry, 2) as [RespValue, RespValue];
  return { id: token(id), fields: fields === null ? null : textRecord(fields) };
}

const streamEntries = (reply: RespValue) => list(reply, streamEntry);

/** XREAD's streams: RESP2 `[[name, entries], ...]`, RESP3 a map of name to entries; null on timeout. */
function streams<E>(entry: Transform<E>) {
  return (reply: RespValue): StreamMessages<Text, E>[] | null => {
    if (reply === null) return null;
    return pairs(reply).map(([stream, messages]) => ({
      stream: text(stream),
      messages: list(messages, entry),
    }));
  };
}

function poppedElement(reply: RespValue): PoppedElement<Text> | null {
  if (reply === null) return null;
  const [key, element] = tuple(reply, 2) as [RespValue, RespValue];
  return { key: text(key), element: text(element) };
}

function poppedMember(reply: RespValue): PoppedMember<Text> | null {
  if (reply === null) return null;
  const [key, member, score] = tuple(reply, 3) as [RespValue, RespValue, RespValue];
  return { key: text(key), member: text(member), score: number(score) };
}

function hashFields(reply: RespValue): HashField<Text>[] {
  return pairs(reply).map(([field, value]) => ({ field: text(field), value: text(value) }));
}

/** WITHSCORES ranges: scored members when the flag is set, plain members otherwise. */
function range(options: { readonly withscores?: boolean } | undefined) {
  return options?.withscores === true ? scoredMembers : texts;
}

/** Commands replying one element, or an array of them when given a count. */
function oneOrMany(_key: unknown, count?: number) {
  return count === undefined ? nullableText : texts;
}

export const replyTransforms: TransformTable = {
  // string
  append: () => number,
  decr: () => number,
  decrby: () => number,
  get: () => nullableText,
  getdel: () => nullableText,
  getex: () => nullableText,
  getrange: () => text,
  getset: () => nullableText,
  incr: () => number,
  incrby: () => number,
  incrbyfloat: () => number,
  mget: () => (reply) => list(reply, nullableText),
  mset: () => ok,
  msetnx: () => boolean,
  psetex: () => ok,
  set: (_key, _value, options) => (options?.get === true ? nullableText : nullableOk),
  setex: () => ok,
  setnx: () => boolean,
  setrange: () => number,
  strlen: () => number,
  // generic
  copy: () => boolean,
  del: () => number,
  exists: () => number,
  expire: () => boolean,
  expireat: () => boolean,
  expiretime: () => number,
  keys: () => texts,
  persist: () => boolean,
  pexpire: () => boolean,
  pexpireat: () => boolean,
  pexpiretime: () => number,
  pttl: () => number,
  randomkey: () => nullableText,
  rename: () => ok,
  renamenx: () => boolean,
  scan: () => (reply) => {
    const { cursor, items } = scanPage(reply, texts);
    return { cursor, keys: items };
  },
  touch: () => number,
  ttl: () => number,
  type: () => token,
  unlink: () => number,
  // hash
  hdel: () => number,
  hexists: () => boolean,
  hget: () => nullableText,
  hgetall: () => textRecord,
  hincrby: () => number,
  hincrbyfloat: () => number,
  hkeys: () => texts,
  hlen: () => number,
  hmget: () => (reply) => list(reply, nullableText),
  hmset: () => ok,
  hrandfield: (_key, options) => {
    if (options?.count === undefined) return nullableText;
    return options.withvalues === true ? hashFields : texts;
  },
  hscan: () => (reply) => {
    const { cursor, items } = scanPage(reply, textRecord);
    return { cursor, entries: items };
  },
  hset: () => number,
  hsetnx: () => boolean,
  hstrlen: () => number,
  hvals: () => texts,
  // list
  blmove: () => nullableText,
  blpop: () => poppedElement,
  brpop: () => poppedElement,
  brpoplpush: () => nullableText,
  lindex: () => nullableText,
  linsert: () => number,
  llen: () => number,
  lmove: () => nullableText,
  lpop: (_key, count) => (count === undefined ? nullableText : nullableTexts),
  lpos: (_key, _element, options) =>
    options?.count === undefined ? nullableNumber : (reply) => list(reply, number),
  lpush: () => number,
  lpushx: () => number,
  lrange: () => texts,
  lrem: () => number,
  lset: () => ok,
  ltrim: () => ok,
  rpop: (_key, count) => (count === undefined ? nullableText : nullableTexts),
  rpoplpush: () => nullableText,
  rpush: () => number,
  rpushx: () => number,
  // set (RESP3 answers SMEMBERS, SINTER, SPOP with a count, ... with a set: an array here)
  sadd: () => number,
  scard: () => number,
  sdiff: () => texts,
  sdiffstore: () => number,
  sinter: () => texts,
  sintercard: () => number,
  sinterstore: () => number,
  sismember: () => boolean,
  smembers: () => texts,
  smismember: () => booleans,
  smove: () => boolean,
  spop: oneOrMany,
  srandmember: oneOrMany,
  srem: () => number,
  sscan: () => (reply) => {
    const { cursor, items } = scanPage(reply, texts);
    return { cursor, members: items };
  },
  sunion: () => texts,
  sunionstore: () => number,
  // sorted set (RESP2 sends scores as strings, RESP3 as doubles; WITHSCORES flat vs pairs)
  bzpopmax: () => poppedMember,
  bzpopmin: () => poppedMember,
  zadd: (_key, _members, options) => (options?.incr === true ? nullableNumber : number),
  zcard: () => number,
  zcount: () => number,
  zincrby: () => number,
  zlexcount: () => number,
  zmscore: () => (reply) => list(reply, nullableNumber),
  zpopmax: (_key, count) => (count === undefined ? oneScored : scoredMembers),
  zpopmin: (_key, count) => (count === undefined ? oneScored : scoredMembers),
  zrandmember: (_key, options) => (options?.count === undefined ? nullableText : range(options)),
  zrange: (_key, _start, _stop, options) => range(options),
  zrangebylex: () => texts,
  zrangebyscore: (_key, _min, _max, options) => range(options),
  zrank: () => nullableNumber,
  zrem: () => number,
  zremrangebyrank: () => number,
  zremrangebyscore: () => number,
  zrevrange: (_key, _start, _stop, options) => range(options),
  zrevrangebyscore: (_key, _max, _min, options) => range(options),
  zrevrank: () => nullableNumber,
  zscan: () => (reply) => {
    const { cursor, items } = scanPage(reply, scoredMembers);
    return { cursor, members: items };
  },
  zscore: () => nullableNumber,
  // stream
  xack: () => number,
  xadd: () => nullableToken,
  xdel: () => number,
  xgroupCreate: () => ok,
  xlen: () => number,
  xrange: () => streamEntries,
  xread: () => streams(streamEntry),
  xreadgroup: () => streams(pendingEntry),
  xrevrange: () => streamEntries,
  xtrim: () => number,
  // scripting
  eval: () => raw,
  evalsha: () => raw,
  fcall: () => raw,
  scriptExists: () => booleans,
  scriptFlush: () => ok,
  scriptLoad: () => token,
  // server, connection, pubsub (RESP3 sends INFO and CLIENT LIST as verbatim strings)
  clientGetname: () => nullableText,
  clientId: () => number,
  clientList: () => text,
  clientSetname: () => ok,
  configGet: () => textRecord,
  configSet: () => ok,
  dbsize: () => number,
  echo: () => text,
  flushall: () => ok,
  flushdb: () => ok,
  info: () => text,
  lastsave: () => number,
  ping: (message) => (message === undefined ? token : text),
  publish: () => number,
  time: () => (reply) => {
    const [seconds, microseconds] = tuple(reply, 2) as [RespValue, RespValue];
    return [number(seconds), number(microseconds)];
  },
};

/** The transform for one call of `method`, when the table has one. */
export function replyTransform(method: string, args: readonly unknown[]): Transform | undefined {
  const factory = (replyTransforms as Partial<Record<string, (...a: unknown[]) => Transform>>)[
    method
  ];
  return factory?.(...args);
}
