/**
 * Which commands a client-side cache may answer, and under what cache key. A reply may be
 * kept only if the server's invalidations cover everything it depends on: a read-only command
 * (the server's `readonly` flag, never a hand-kept list) whose keys are all known, whose reply
 * depends on nothing but those keys' values. Left out, by the server's own table where it says:
 * - blocking reads (their answer depends on when they run);
 * - `nondeterministic_output` (RANDOMKEY, SRANDMEMBER, HRANDFIELD, SCAN and its cursors, TTL and
 *   PTTL, which change with the clock, OBJECT's counters, DUMP);
 * - scripts (`EVAL_RO`, `FCALL_RO`) and SORT_RO (its `BY` and `GET` patterns): they may read
 *   keys they did not declare, whose changes would not reach the cache;
 * - XINFO (consumer groups' lag and idle times change without a write to the stream key), the
 *   `server` group (MEMORY USAGE, an estimate), and TOUCH (sent for its effect on idle time).
 * Commands without a spec (module commands) are never cached.
 */
import type { CommandArgument } from '@redwire/protocol';
import type { CommandSpec } from '../command.js';
import { commandSpecs } from '../commands/generated/index.js';
import { extractKeys } from '../key-specs.js';

const EXCLUDED_GROUPS: ReadonlySet<string> = new Set(['scripting', 'server']);
const EXCLUDED_NAMES: ReadonlySet<string> = new Set([
  'TOUCH',
  'SORT_RO',
  'XINFO STREAM',
  'XINFO GROUPS',
  'XINFO CONSUMERS',
]);

function isCacheable(spec: CommandSpec): boolean {
  const { flags, tips } = spec;
  return (
    flags.includes('readonly') &&
    !flags.includes('write') &&
    !flags.includes('blocking') &&
    !tips.includes('nondeterministic_output') &&
    !EXCLUDED_GROUPS.has(spec.group) &&
    !EXCLUDED_NAMES.has(spec.name) &&
    spec.keySpecs.length > 0
  );
}

/** The specs of every command a client-side cache may answer. */
const CACHEABLE_SPECS = new Set<CommandSpec>(Object.values(commandSpecs).filter(isCacheable));

/** Whether replies of the command of `spec` may be cached (see the file's header). */
export function isCacheableSpec(spec: CommandSpec | undefined): boolean {
  return spec !== undefined && CACHEABLE_SPECS.has(spec);
}

/** A lone surrogate: such a string is sent as U+FFFD, so its key would not match its invalidation. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The Redis keys a cacheable command reads, or undefined when its reply must not be cached: no
 * key, or a key that is not well-formed text. Push frames carry keys as text, so only keys that
 * survive the round trip through UTF-8 can be matched by their invalidation.
 */
export function cachedKeys(
  spec: CommandSpec,
  args: readonly CommandArgument[],
): string[] | undefined {
  const keys = extractKeys(spec, args);
  if (keys.length === 0) return undefined;
  for (const key of keys) {
    if (typeof key !== 'string' || LONE_SURROGATE.test(key)) return undefined;
  }
  return keys as string[];
}

/**
 * The group of a command's cache entry (see lru-store.ts): its name, with the argument count
 * when there are more than two, and a mark for Buffer replies. Undefined when the name is bytes.
 */
export function cacheGroupOf(
  args: readonly CommandArgument[],
  returnBuffers: boolean,
): string | undefined {
  const name = args[0];
  if (typeof name !== 'string') return undefined;
  // The common case, `GET key` in strings, allocates nothing.
  const group = args.length === 2 ? name : `${name} ${args.length}`;
  return returnBuffers ? `buffers ${group}` : group;
}

/**
 * The member of a command's cache entry: its one argument after the name, or every argument
 * after the name, each prefixed by its length so that no two commands share one (`a:b` and
 * `a`, `b`). Undefined when an argument is a Buffer: bytes are not cached (see
 * {@link cachedKeys}).
 */
export function cacheMemberOf(args: readonly CommandArgument[]): string | undefined {
  if (args.length === 2) {
    const only = args[1];
    if (typeof only === 'string') return only;
    return typeof only === 'object' || only === undefined ? undefined : String(only);
  }
  let member = '';
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === 'object' || arg === undefined) return undefined;
    const text = typeof arg === 'string' ? arg : String(arg);
    member += `${text.length}:${text}`;
  }
  return member;
}
