/**
 * Hand curation of the command table, kept apart from the server's data (data/commands.json) so
 * that a new snapshot never loses it. Each entry says why it exists. The generator applies these
 * before its mapping rules; anything not named here follows the rules alone.
 */

/** One argument as COMMAND DOCS describes it (see scripts/snapshot-commands.ts). */
export interface DocArgument {
  readonly name: string;
  readonly type: string;
  readonly token?: string;
  readonly flags?: readonly string[];
  readonly arguments?: readonly DocArgument[];
}

const pure = (token: string, name = token.toLowerCase()): DocArgument => ({
  name,
  type: 'pure-token',
  token,
});
const arg = (name: string, type: string, extra: Partial<DocArgument> = {}): DocArgument => ({
  name,
  type,
  ...extra,
});
const optional = ['optional'];

/**
 * Argument trees replaced wholesale, where the docs' tree does not say what the server reads or
 * would map to an unusable signature.
 */
export const argumentPatches: Readonly<
  Record<string, (args: readonly DocArgument[]) => readonly DocArgument[]>
> = {
  // The docs nest the filters in a multiple oneof beside the deprecated `ip:port` form; every
  // filter is really an optional token argument (combinable, ANDed by the server).
  'CLIENT KILL': (args) => {
    const filter = args[0]?.arguments?.find((a) => a.name === 'new-format');
    return (filter?.arguments ?? []).map((a) => ({ ...a, flags: optional }));
  },
  // Operations are a list; each is GET, OVERFLOW, SET or INCRBY. The docs wrap OVERFLOW and
  // the write in an untokened block, which would give an object nobody could guess.
  BITFIELD: (args) => [
    args[0] as DocArgument,
    arg('operation', 'oneof', {
      flags: ['optional', 'multiple'],
      arguments: [
        arg('get', 'block', {
          token: 'GET',
          arguments: [arg('encoding', 'string'), arg('offset', 'integer')],
        }),
        arg('overflow', 'oneof', {
          token: 'OVERFLOW',
          arguments: [pure('WRAP'), pure('SAT'), pure('FAIL')],
        }),
        arg('set', 'block', {
          token: 'SET',
          arguments: [arg('encoding', 'string'), arg('offset', 'integer'), arg('value', 'integer')],
        }),
        arg('incrby', 'block', {
          token: 'INCRBY',
          arguments: [
            arg('encoding', 'string'),
            arg('offset', 'integer'),
            arg('increment', 'integer'),
          ],
        }),
      ],
    }),
  ],
  // BYRADIUS and BYBOX introduce a block in the server's grammar; the docs put the token on
  // the block's first member instead.
  GEOSEARCH: (args) => args.map(geoShape),
  GEOSEARCHSTORE: (args) => args.map(geoShape),
  // `REPLICAOF host port` or `REPLICAOF NO ONE`: two words either way.
  REPLICAOF: () => [arg('host', 'string'), arg('port', 'string')],
  SLAVEOF: () => [arg('host', 'string'), arg('port', 'string')],
  // The "empty string" alternative is just a key argument of '' (used with the KEYS option).
  MIGRATE: (args) => args.map((a) => (a.name === 'key_or_empty_string' ? arg('key', 'key') : a)),
};

function geoShape(a: DocArgument): DocArgument {
  if (a.name !== 'by') return a;
  const unit = arg('unit', 'oneof', { arguments: [pure('M'), pure('KM'), pure('FT'), pure('MI')] });
  return arg('by', 'oneof', {
    arguments: [
      arg('byradius', 'block', { token: 'BYRADIUS', arguments: [arg('radius', 'double'), unit] }),
      arg('bybox', 'block', {
        token: 'BYBOX',
        arguments: [arg('width', 'double'), arg('height', 'double'), unit],
      }),
    ],
  });
}

/**
 * Argument types the docs get wrong or too narrow, by command and argument name.
 * `score` is a double that also takes `+inf`/`-inf` and exclusive bounds (`(1.5`).
 */
export const typeFixes: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Score ranges: the docs say double, the server also reads -inf, +inf and "(" bounds.
  ZRANGEBYSCORE: { min: 'score', max: 'score' },
  ZREVRANGEBYSCORE: { min: 'score', max: 'score' },
  ZCOUNT: { min: 'score', max: 'score' },
  ZREMRANGEBYSCORE: { min: 'score', max: 'score' },
  // A member's score may be +inf or -inf.
  ZADD: { score: 'score' },
  // The docs say integer; the server takes a float.
  ZINCRBY: { increment: 'double' },
  ZINTER: { weight: 'double' },
  ZINTERSTORE: { weight: 'double' },
  ZUNION: { weight: 'double' },
  ZUNIONSTORE: { weight: 'double' },
  // Cursors are 64-bit unsigned: past 2^53 only the string form is exact.
  SCAN: { cursor: 'string' },
  HSCAN: { cursor: 'string' },
  SSCAN: { cursor: 'string' },
  ZSCAN: { cursor: 'string' },
};

/** Parameter and field renames, by command and argument name, where the docs' name reads badly. */
export const renames: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  XADD: { id_or_auto: 'id' },
  ZADD: { score_member: 'members' },
  GEOADD: { longitude_latitude_member: 'members' },
  'CLIENT REPLY': { on_off_skip: 'mode' },
  'CLUSTER ADDSLOTSRANGE': { 'start-slot_end-slot': 'ranges' },
  'CLUSTER DELSLOTSRANGE': { 'start-slot_end-slot': 'ranges' },
  'CLUSTER SETSLOT': { subcommand: 'state' },
  FCALL: { function: 'functionName' },
  FCALL_RO: { function: 'functionName' },
};

/**
 * Commands whose arguments the docs do not describe (or describe as a whole nested command):
 * they keep the untyped builder `(...args)`.
 */
export const untyped: Readonly<Record<string, string>> = {
  'COMMAND GETKEYS': 'its arguments are a whole command',
  'COMMAND GETKEYSANDFLAGS': 'its arguments are a whole command',
  DEBUG: 'undocumented subcommands',
  REPLCONF: 'internal replication protocol, undocumented arguments',
};

/** Identifiers a parameter may not take in strict mode, and what to call it instead. */
export const reservedNames: Readonly<Record<string, string>> = {
  arguments: 'args',
  eval: 'evalValue',
  function: 'functionName',
  default: 'defaultValue',
  delete: 'deleteValue',
  new: 'newValue',
  type: 'type',
};
