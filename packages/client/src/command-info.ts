/**
 * Reads a server's `COMMAND INFO` reply: what each command is (arity, flags, tips, key specs),
 * subcommands flattened as `CONTAINER SUB`. One reader serves the snapshot script (which writes
 * data/commands.json), the generator (which turns key specs into `KeySpec`s) and the cluster
 * (which learns module commands and commands newer than the snapshot from its nodes), so the
 * server's words are parsed in one place. Both protocols are understood: RESP2 sends maps as
 * flat arrays of keys and values, RESP3 as `Map`s, and every list inside a command as a set.
 *
 * Type imports only: the scripts run this file with tsx, before any package is built.
 */
import type { RespValue } from '@redwire/protocol';
import type { CommandSpec, KeySpec } from './command.js';

/** One begin-search or find-keys clause of a key spec, with the server's own field names. */
export interface ServerKeySearch {
  /** `index`, `keyword`, `range`, `keynum` or `unknown`. */
  readonly type: string;
  /** `index`; `keyword`, `startfrom`; `lastkey`, `keystep`, `limit`; `keynumidx`, `firstkey`, `keystep`. */
  readonly spec: Readonly<Record<string, number | string>>;
}

/** One key spec as `COMMAND INFO` gives it. {@link toKeySpec} makes it a {@link KeySpec}. */
export interface ServerKeySpec {
  readonly flags: readonly string[];
  readonly beginSearch: ServerKeySearch;
  readonly findKeys: ServerKeySearch;
  /** The server's remark on the spec, when it has one (`RW and ACCESS due to the optional GET`). */
  readonly notes?: string;
}

/** One command of a `COMMAND INFO` reply. */
export interface CommandInfo {
  /** Upper case, a subcommand after its container: `GET`, `CLIENT SETNAME`, `JSON.GET`. */
  readonly name: string;
  /** Positive is exact, negative is a minimum; the name counts. */
  readonly arity: number;
  readonly flags: readonly string[];
  /** The legacy key positions (before key specs): first, last (negative from the end), step. */
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  readonly aclCategories: readonly string[];
  readonly tips: readonly string[];
  readonly keySpecs: readonly ServerKeySpec[];
}

/** Docs that `COMMAND INFO` does not carry, for {@link commandSpecFromInfo}. */
export type CommandDocs = Pick<CommandSpec, 'group' | 'summary' | 'since' | 'complexity'>;

/**
 * Every command of a `COMMAND INFO` reply (all commands, or those asked for), containers first
 * and each subcommand after its container. Entries the server answers with nil (an unknown
 * name) are skipped.
 *
 * @example
 * ```ts
 * const infos = parseCommandInfo(await redis.sendCommand(['COMMAND', 'INFO', 'get', 'client']));
 * infos.map((info) => info.name); // ['GET', 'CLIENT', 'CLIENT CACHING', ..., 'CLIENT UNPAUSE']
 * ```
 */
export function parseCommandInfo(reply: RespValue): CommandInfo[] {
  const out: CommandInfo[] = [];
  // An array of commands; a RESP3 map (name to command) is read too.
  const entries = reply instanceof Map ? [...reply.values()] : list(reply);
  for (const entry of entries) readCommand(entry, out);
  return out;
}

/** A server key spec as the {@link KeySpec} that `extractKeys` reads. */
export function toKeySpec(spec: ServerKeySpec): KeySpec {
  const begin = spec.beginSearch;
  const find = spec.findKeys;
  const b = begin.spec;
  const f = find.spec;
  let beginSearch: KeySpec['beginSearch'] = { type: 'unknown' };
  if (begin.type === 'index' && isInt(b.index)) {
    beginSearch = { type: 'index', index: b.index };
  } else if (begin.type === 'keyword' && typeof b.keyword === 'string' && isInt(b.startfrom)) {
    beginSearch = { type: 'keyword', keyword: b.keyword, startFrom: b.startfrom };
  }
  let findKeys: KeySpec['findKeys'] = { type: 'unknown' };
  if (find.type === 'range' && isInt(f.lastkey) && isInt(f.keystep) && isInt(f.limit)) {
    findKeys = { type: 'range', lastKey: f.lastkey, keyStep: f.keystep, limit: f.limit };
  } else if (
    find.type === 'keynum' &&
    isInt(f.keynumidx) &&
    isInt(f.firstkey) &&
    isInt(f.keystep)
  ) {
    findKeys = { type: 'keynum', keyNumIdx: f.keynumidx, firstKey: f.firstkey, keyStep: f.keystep };
  }
  return { beginSearch, findKeys, flags: spec.flags };
}

/**
 * A {@link CommandSpec} from what `COMMAND INFO` says, with the docs it lacks taken from
 * `docs` (a known spec of the same command, say); without them `group`, `summary` and `since`
 * are empty strings.
 */
export function commandSpecFromInfo(info: CommandInfo, docs?: CommandDocs): CommandSpec {
  return {
    name: info.name,
    group: docs?.group ?? '',
    arity: info.arity,
    flags: info.flags,
    tips: info.tips,
    keySpecs: info.keySpecs.map(toKeySpec),
    summary: docs?.summary ?? '',
    since: docs?.since ?? '',
    ...(docs?.complexity === undefined ? {} : { complexity: docs.complexity }),
  };
}

/** `client|setname` -> `CLIENT SETNAME`. */
export function commandInfoName(raw: string): string {
  return raw.toUpperCase().replace('|', ' ');
}

function readCommand(value: RespValue, out: CommandInfo[]): void {
  if (!Array.isArray(value) || value.length < 6) return;
  const [name, arity, flags, firstKey, lastKey, step, acl, tips, keySpecs, subcommands] = value;
  out.push({
    name: commandInfoName(text(name)),
    arity: Number(arity),
    flags: strings(flags),
    firstKey: Number(firstKey),
    lastKey: Number(lastKey),
    step: Number(step),
    aclCategories: strings(acl),
    tips: strings(tips),
    keySpecs: list(keySpecs).map(readKeySpec),
  });
  for (const sub of list(subcommands)) readCommand(sub, out);
}

function readKeySpec(value: RespValue): ServerKeySpec {
  let flags: string[] = [];
  let beginSearch: ServerKeySearch = { type: 'unknown', spec: {} };
  let findKeys: ServerKeySearch = { type: 'unknown', spec: {} };
  let notes: string | undefined;
  for (const [key, field] of fields(value)) {
    if (key === 'flags') flags = strings(field);
    else if (key === 'begin_search') beginSearch = readSearch(field);
    else if (key === 'find_keys') findKeys = readSearch(field);
    else if (key === 'notes') notes = text(field);
  }
  return { flags, beginSearch, findKeys, ...(notes === undefined ? {} : { notes }) };
}

function readSearch(value: RespValue): ServerKeySearch {
  let type = 'unknown';
  const spec: Record<string, number | string> = {};
  for (const [key, field] of fields(value)) {
    if (key === 'type') type = text(field);
    else if (key === 'spec') {
      for (const [name, v] of fields(field)) spec[name] = typeof v === 'number' ? v : text(v);
    }
  }
  return { type, spec };
}

/** The fields of a map: a RESP3 `Map`, or RESP2's flat array of alternating keys and values. */
function fields(value: RespValue): [string, RespValue][] {
  const out: [string, RespValue][] = [];
  if (value instanceof Map) {
    for (const [key, field] of value) out.push([text(key), field]);
  } else if (Array.isArray(value)) {
    for (let i = 0; i + 1 < value.length; i += 2) {
      out.push([text(value[i] ?? null), value[i + 1] ?? null]);
    }
  }
  return out;
}

/** A list: an array, or a RESP3 set (flags, tips, key specs, subcommands all come as sets). */
function list(value: RespValue | undefined): RespValue[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return [];
}

function strings(value: RespValue | undefined): string[] {
  return list(value).map(text);
}

/** A name or value as text; a Buffer and a RESP3 verbatim string turn into their text. */
function text(value: RespValue | undefined): string {
  return typeof value === 'string' ? value : String(value);
}

function isInt(value: number | string | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
