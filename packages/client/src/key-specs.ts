/**
 * Which arguments of a command are keys, read from the command's key specs (COMMAND INFO), so
 * cluster routing needs no hand-kept key table and a raw `sendCommand` of a known command finds
 * its keys too. Follows the key-spec rules of the Redis docs ("Command key specifications") and
 * `getKeysUsingKeySpecs` in the server's db.c, so the answer matches `COMMAND GETKEYS`.
 */
import { Buffer } from 'node:buffer';
import { type CommandArgument, checkOptionKeys, optionKeys } from '@redwire/protocol';
import type { CommandSpec, KeySpec } from './command.js';

/** Options of {@link extractKeys}. */
export interface ExtractKeysOptions {
  /**
   * Also return arguments whose spec is flagged `not_key`: the shard channels of SPUBLISH,
   * SSUBSCRIBE and SUNSUBSCRIBE, which route by slot like keys. `COMMAND GETKEYS` leaves them out.
   * @default false
   */
  readonly includeNotKeys?: boolean;
}

const EXTRACT_KEYS_OPTION_KEYS = optionKeys<ExtractKeysOptions>({ includeNotKeys: true });

/**
 * The keys among `args` (the whole command, its name and any subcommand first), in key-spec
 * order, duplicates kept.
 *
 * A spec the server cannot describe (`unknown`: SORT's STORE) or marks `incomplete` (MIGRATE's
 * KEYS) leaves the keys to the server's own key procedure, mirrored here for the commands that
 * need one (SORT, SORT_RO, MIGRATE).
 *
 * @example
 * extractKeys(commandSpecs.MSET, ['MSET', 'a', '1', 'b', '2']); // ['a', 'b']
 */
export function extractKeys(
  spec: CommandSpec,
  args: readonly CommandArgument[],
  options: ExtractKeysOptions = {},
): CommandArgument[] {
  checkOptionKeys(options, EXTRACT_KEYS_OPTION_KEYS, 'extractKeys()');
  const positions: number[] = [];
  let complete = true;
  for (const keySpec of spec.keySpecs) {
    if (keySpec.flags.includes('not_key') && options.includeNotKeys !== true) continue;
    const found = keyPositions(keySpec, args);
    // An `incomplete` spec (MIGRATE's KEYS) may miss or mistake keys; the server then asks the
    // command's own procedure, and so do we.
    if (found === undefined || keySpec.flags.includes('incomplete')) complete = false;
    if (found === undefined) continue;
    positions.push(...found);
  }
  const procedure = complete ? undefined : KEY_PROCEDURES[spec.name];
  const chosen = procedure === undefined ? positions : procedure(args);
  return chosen.map((i) => args[i] as CommandArgument);
}

/** Positions of one spec's keys; `undefined` when the spec cannot say (`unknown`). */
export function keyPositions(
  spec: KeySpec,
  args: readonly CommandArgument[],
): number[] | undefined {
  const argc = args.length;
  const first = beginIndex(spec.beginSearch, args);
  if (first === undefined) return undefined;
  if (first === null) return [];
  const find = spec.findKeys;
  let start = first;
  let last: number;
  let step: number;
  if (find.type === 'range') {
    step = find.keyStep;
    if (find.lastKey >= 0) {
      last = start + find.lastKey;
    } else if (find.limit === 0) {
      // Negative: counted from the end (-1 is the last argument).
      last = argc + find.lastKey;
    } else {
      // `limit` N: the keys are the first 1/N of what is left (XREAD ... STREAMS k1 k2 id1 id2).
      last = start + Math.trunc((argc - start) / find.limit) + find.lastKey;
    }
  } else if (find.type === 'keynum') {
    step = find.keyStep;
    const count = Number(text(args[start + find.keyNumIdx]));
    if (!Number.isInteger(count) || count < 0) return [];
    start += find.firstKey;
    last = start + count - 1;
  } else {
    return undefined;
  }
  const positions: number[] = [];
  // A command short of arguments yields no key for the missing ones; the server reports the
  // arity error itself.
  for (let i = start; i <= last && step > 0; i += step) if (i < argc) positions.push(i);
  return positions;
}

/**
 * Where a spec's keys begin: an index, `null` when its keyword is absent (no keys), or
 * `undefined` when the spec's begin search is unknown.
 */
function beginIndex(
  begin: KeySpec['beginSearch'],
  args: readonly CommandArgument[],
): number | null | undefined {
  if (begin.type === 'index') return begin.index;
  if (begin.type !== 'keyword') return undefined;
  const argc = args.length;
  const forward = begin.startFrom > 0;
  // As the server does: forward from startFrom up to (not including) the last argument, or
  // backward from argc + startFrom down to (not including) the command name.
  const from = forward ? begin.startFrom : argc + begin.startFrom;
  const to = forward ? argc - 1 : 0;
  const keyword = begin.keyword.toUpperCase();
  for (let i = from; i !== to; i += forward ? 1 : -1) {
    if (i >= argc || i < 1) break;
    if (text(args[i]).toUpperCase() === keyword) return i + 1;
  }
  return null;
}

function text(arg: CommandArgument | undefined): string {
  if (arg === undefined) return '';
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number' || typeof arg === 'bigint') return String(arg);
  return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength).toString('latin1');
}

/** The server's own key procedures, for commands whose specs are `unknown` or incomplete. */
const KEY_PROCEDURES: Readonly<Record<string, (args: readonly CommandArgument[]) => number[]>> = {
  // SORT key [BY p] [LIMIT o c] [GET p ...] [ASC|DESC] [ALPHA] [STORE dest]: the last STORE wins.
  SORT: (args) => {
    let store: number | undefined;
    for (let i = 2; i < args.length; i++) {
      const word = text(args[i]).toUpperCase();
      if (word === 'LIMIT') i += 2;
      else if (word === 'GET' || word === 'BY') i += 1;
      else if (word === 'STORE' && i + 1 < args.length) store = i + 1;
    }
    return store === undefined ? [1] : [1, store];
  },
  SORT_RO: () => [1],
  // MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS k ...]
  MIGRATE: (args) => {
    const skip: Record<string, number> = { COPY: 0, REPLACE: 0, AUTH: 1, AUTH2: 2 };
    for (let i = 6; i < args.length; i++) {
      const word = text(args[i]).toUpperCase();
      if (word === 'KEYS') return range(i + 1, args.length);
      i += skip[word] ?? 0;
    }
    return [3];
  },
};

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
