/**
 * What each everyday command resolves with, once normalised (see table.ts for how). `S` is
 * the view's text type: `string`, or `Buffer` under `withBuffers()`; names that become object
 * keys, and protocol text (`OK`, IDs, cursors), are always `string`. `A` is the tuple of
 * arguments of the call, so a reply that depends on an option (ZRANGE's `withscores`, LPOP's
 * `count`, SET's `get`) is typed from the call as written. Commands not listed reply with the
 * raw `RespValue`.
 */
import type { RespValue } from '@redwire/protocol';
import type { ScoredMember, Text } from './convert.js';

export type { ScoredMember } from './convert.js';

/** One page of SCAN. Pass `cursor` back until it is `'0'`. */
export interface ScanPage<S extends Text = string> {
  cursor: string;
  keys: S[];
}

/** One page of HSCAN: the fields seen, as an object. */
export interface HashScanPage<S extends Text = string> {
  cursor: string;
  entries: Record<string, S>;
}

/** One page of SSCAN. */
export interface SetScanPage<S extends Text = string> {
  cursor: string;
  members: S[];
}

/** One page of ZSCAN, members with their scores. */
export interface SortedSetScanPage<S extends Text = string> {
  cursor: string;
  members: ScoredMember<S>[];
}

/** A stream entry: its ID and its fields. */
export interface StreamEntry<S extends Text = string> {
  id: string;
  fields: Record<string, S>;
}

/**
 * A stream entry read from a consumer group's pending list: `fields` is null when the entry
 * was deleted (XDEL, XTRIM) after it was delivered.
 */
export interface PendingStreamEntry<S extends Text = string> {
  id: string;
  fields: Record<string, S> | null;
}

/** The entries XREAD / XREADGROUP read from one stream. */
export interface StreamMessages<S extends Text = string, E = StreamEntry<S>> {
  stream: S;
  messages: E[];
}

/** What BLPOP / BRPOP popped, and from which list. */
export interface PoppedElement<S extends Text = string> {
  key: S;
  element: S;
}

/** What BZPOPMIN / BZPOPMAX popped, and from which sorted set. */
export interface PoppedMember<S extends Text = string> extends ScoredMember<S> {
  key: S;
}

/** A field of HRANDFIELD ... WITHVALUES (a list, not an object: a negative count repeats). */
export interface HashField<S extends Text = string> {
  field: S;
  value: S;
}

/** The call's argument at index `N` (a string: `'1'`), `undefined` when it was left out. */
type Arg<A, N extends string> = N extends keyof A ? A[N] : undefined;

/** Field `F` of an options argument `O` (possibly absent). */
type Field<O, F extends string> = [O] extends [undefined]
  ? undefined
  : F extends keyof NonNullable<O>
    ? NonNullable<O>[F] | (undefined extends O ? undefined : never)
    : undefined;

/** `Yes` when `V` was given, `No` when not, either when the type cannot tell. */
type IfGiven<V, Yes, No> = [V] extends [undefined] ? No : [undefined] extends [V] ? Yes | No : Yes;

/** `Yes` when flag `F` of options `O` is `true`, `No` when absent or false, else either. */
type IfFlag<O, F extends string, Yes, No> = [Field<O, F>] extends [true]
  ? Yes
  : [Field<O, F>] extends [false | undefined]
    ? No
    : Yes | No;

/** `S[]` with a count, else one `S` or null: LPOP, SPOP, SRANDMEMBER, ... */
type OneOrMany<A, S> = IfGiven<Arg<A, '1'>, S[], S | null>;

/** A WITHSCORES range: members with scores, or members alone. */
type Range<O, S extends Text> = IfFlag<O, 'withscores', ScoredMember<S>[], S[]>;

/** The normalised reply of each command in the table, by method name. */
export interface CommandReplies<S extends Text, A> {
  // string
  append: number;
  decr: number;
  decrby: number;
  get: S | null;
  getdel: S | null;
  getex: S | null;
  getrange: S;
  getset: S | null;
  incr: number;
  incrby: number;
  incrbyfloat: number;
  mget: (S | null)[];
  mset: 'OK';
  msetnx: boolean;
  psetex: 'OK';
  /** The old value with `get: true`; else 'OK', or null when NX/XX prevented the write. */
  set: IfFlag<Arg<A, '2'>, 'get', S | null, 'OK' | null>;
  setex: 'OK';
  setnx: boolean;
  setrange: number;
  strlen: number;
  // generic (keys and expiry)
  copy: boolean;
  del: number;
  exists: number;
  expire: boolean;
  expireat: boolean;
  expiretime: number;
  keys: S[];
  persist: boolean;
  pexpire: boolean;
  pexpireat: boolean;
  pexpiretime: number;
  pttl: number;
  randomkey: S | null;
  rename: 'OK';
  renamenx: boolean;
  scan: ScanPage<S>;
  touch: number;
  ttl: number;
  type: string;
  unlink: number;
  // hash
  hdel: number;
  hexists: boolean;
  hget: S | null;
  hgetall: Record<string, S>;
  hincrby: number;
  hincrbyfloat: number;
  hkeys: S[];
  hlen: number;
  hmget: (S | null)[];
  hmset: 'OK';
  hrandfield: IfGiven<
    Field<Arg<A, '1'>, 'count'>,
    IfFlag<Arg<A, '1'>, 'withvalues', HashField<S>[], S[]>,
    S | null
  >;
  hscan: HashScanPage<S>;
  hset: number;
  hsetnx: boolean;
  hstrlen: number;
  hvals: S[];
  // list
  blmove: S | null;
  blpop: PoppedElement<S> | null;
  brpop: PoppedElement<S> | null;
  brpoplpush: S | null;
  lindex: S | null;
  linsert: number;
  llen: number;
  lmove: S | null;
  /** Null when the list is missing, with or without a count. */
  lpop: IfGiven<Arg<A, '1'>, S[] | null, S | null>;
  lpos: IfGiven<Field<Arg<A, '2'>, 'count'>, number[], number | null>;
  lpush: number;
  lpushx: number;
  lrange: S[];
  lrem: number;
  lset: 'OK';
  ltrim: 'OK';
  rpop: IfGiven<Arg<A, '1'>, S[] | null, S | null>;
  rpoplpush: S | null;
  rpush: number;
  rpushx: number;
  // set
  sadd: number;
  scard: number;
  sdiff: S[];
  sdiffstore: number;
  sinter: S[];
  sintercard: number;
  sinterstore: number;
  sismember: boolean;
  smembers: S[];
  smismember: boolean[];
  smove: boolean;
  spop: OneOrMany<A, S>;
  srandmember: OneOrMany<A, S>;
  srem: number;
  sscan: SetScanPage<S>;
  sunion: S[];
  sunionstore: number;
  // sorted set
  bzpopmax: PoppedMember<S> | null;
  bzpopmin: PoppedMember<S> | null;
  /** The member count added (changed, with `ch`); with `incr`, the new score or null. */
  zadd: IfFlag<Arg<A, '2'>, 'incr', number | null, number>;
  zcard: number;
  zcount: number;
  zincrby: number;
  zlexcount: number;
  zmscore: (number | null)[];
  zpopmax: IfGiven<Arg<A, '1'>, ScoredMember<S>[], ScoredMember<S> | null>;
  zpopmin: IfGiven<Arg<A, '1'>, ScoredMember<S>[], ScoredMember<S> | null>;
  zrandmember: IfGiven<Field<Arg<A, '1'>, 'count'>, Range<Arg<A, '1'>, S>, S | null>;
  zrange: Range<Arg<A, '3'>, S>;
  zrangebylex: S[];
  zrangebyscore: Range<Arg<A, '3'>, S>;
  zrank: number | null;
  zrem: number;
  zremrangebyrank: number;
  zremrangebyscore: number;
  zrevrange: Range<Arg<A, '3'>, S>;
  zrevrangebyscore: Range<Arg<A, '3'>, S>;
  zrevrank: number | null;
  zscan: SortedSetScanPage<S>;
  zscore: number | null;
  // stream
  xack: number;
  /** The new entry's ID; null only with `nomkstream` when the stream is missing. */
  xadd: IfFlag<Arg<A, '3'>, 'nomkstream', string | null, string>;
  xdel: number;
  xgroupCreate: 'OK';
  xlen: number;
  xrange: StreamEntry<S>[];
  /** Null when BLOCK timed out. */
  xread: StreamMessages<S>[] | null;
  xreadgroup: StreamMessages<S, PendingStreamEntry<S>>[] | null;
  xrevrange: StreamEntry<S>[];
  xtrim: number;
  // scripting: a script replies with whatever it returns
  eval: RespValue;
  evalsha: RespValue;
  fcall: RespValue;
  scriptExists: boolean[];
  scriptFlush: 'OK';
  scriptLoad: string;
  // server, connection, pubsub
  clientGetname: S | null;
  clientId: number;
  clientList: S;
  clientSetname: 'OK';
  configGet: Record<string, S>;
  configSet: 'OK';
  dbsize: number;
  echo: S;
  flushall: 'OK';
  flushdb: 'OK';
  /** INFO's text; `infoParsed` gives it as sections. */
  info: S;
  lastsave: number;
  ping: IfGiven<Arg<A, '0'>, S, 'PONG'>;
  publish: number;
  /** Unix time: whole seconds and the microseconds within. */
  time: [seconds: number, microseconds: number];
}

/** The table's commands whose reply type depends on the call's options or count. */
export type OptionDependent =
  | 'set'
  | 'hrandfield'
  | 'lpop'
  | 'rpop'
  | 'lpos'
  | 'spop'
  | 'srandmember'
  | 'zadd'
  | 'zpopmax'
  | 'zpopmin'
  | 'zrandmember'
  | 'zrange'
  | 'zrangebyscore'
  | 'zrevrange'
  | 'zrevrangebyscore'
  | 'xadd'
  | 'ping';
