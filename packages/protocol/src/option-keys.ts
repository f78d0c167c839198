/**
 * The one check every redwire package runs on the options objects its public API takes: each
 * key must be one the function knows. A misspelt or foreign key (`hots`, node-redis's `socket`)
 * would otherwise be ignored and the client would quietly use a default, such as a server on
 * localhost:6379 without the password the caller meant to send.
 *
 * It lives in the lowest package so that every layer, and packages built on them, share it.
 */
import { UnknownOptionError } from './errors.js';

/**
 * The keys an options type accepts, as a set the run-time check reads. Built from an object
 * literal with one entry per key of `T`, so adding a field to the type without listing it here
 * fails the type-check: no option can escape the run-time check.
 *
 * @typeParam T - the options type; must be given explicitly
 * @example
 * ```ts
 * const KEYS = optionKeys<{ host?: string; port?: number }>({ host: true, port: true });
 * ```
 */
export function optionKeys<T extends object>(
  keys: NoInfer<{ readonly [K in keyof Required<T>]: true }>,
): OptionKeySet {
  return new Set(Object.keys(keys));
}

/** The keys an options type accepts (see {@link optionKeys}). */
export type OptionKeySet = ReadonlySet<string>;

/**
 * Spellings other Redis clients use, and what to say to their users: checked before the edit
 * distance, so `{ socket: { host } }` gets an answer that names redwire's own spelling.
 */
const FOREIGN_SPELLINGS: Readonly<Record<string, string>> = {
  socket:
    "node-redis's `socket` object; redwire takes its fields at the top level: host, port, path, tls, connectTimeout, keepAlive, noDelay",
  database: 'node-redis spells it `database`; redwire takes `db`',
  RESP: 'node-redis spells it `RESP`; redwire takes `protocol`',
  commandsQueueMaxLength:
    'node-redis spells it `commandsQueueMaxLength`; redwire takes `maxPendingCommands`',
  disableOfflineQueue: 'redwire takes `offlineQueue: false`',
  enableOfflineQueue: 'ioredis spells it `enableOfflineQueue`; redwire takes `offlineQueue`',
  retryStrategy: 'ioredis spells it `retryStrategy`; redwire takes `reconnect` (a function too)',
  connectionName: 'ioredis spells it `connectionName`; redwire takes `name`',
  lazyConnect: 'redwire always connects lazily, on the first command or connect()',
  enableAutoPipelining: 'redwire always pipelines commands sent in the same tick',
  family: 'redwire connects to the address `host` resolves to; give an IP address to choose',
  keyPrefix: 'redwire adds no key prefix; write the prefix into your keys',
  maxRetriesPerRequest: 'redwire bounds each command by its `commandTimeout`, not a retry count',
  rootNodes: 'node-redis spells it `rootNodes`; redwire takes `nodes`',
  defaults:
    "node-redis's cluster `defaults`; redwire takes the node options at the top level of createCluster's options",
  redisOptions:
    "ioredis's cluster `redisOptions`; redwire takes the node options at the top level of createCluster's options",
};

/**
 * Throws {@link UnknownOptionError} for the first key of `options` that `known` does not hold.
 * Only the object's own keys are read; a key set to `undefined` is checked like any other, since
 * a misspelt key is a mistake whatever its value. Nested options objects are checked by calling
 * this again with their own keys and `path`.
 *
 * @param options - the object as the caller gave it (not checked to be an object here)
 * @param known - the accepted keys, from {@link optionKeys}
 * @param where - the function that took it, as users call it: `createClient()`
 * @param path - where `options` sits in the caller's argument: `'reconnect.'` for a nested object
 * @param hints - what to say of keys `where` refuses for a reason of its own (a cluster's
 *   `host`: the seeds go in `nodes`), by key
 * @throws UnknownOptionError naming the key, `where`, and the closest known key when one is near
 */
export function checkOptionKeys(
  options: object,
  known: OptionKeySet,
  where: string,
  path = '',
  hints?: Readonly<Record<string, string>>,
): void {
  const refused = unknownOptionKey(options, known, where, path, hints);
  if (refused !== undefined) throw refused;
}

/**
 * {@link checkOptionKeys} for callers that reject a promise rather than throw: the error for
 * the first unknown key, or `undefined` when every key is known.
 */
export function unknownOptionKey(
  options: object,
  known: OptionKeySet,
  where: string,
  path = '',
  hints?: Readonly<Record<string, string>>,
): UnknownOptionError | undefined {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) return unknownOption(key, known, where, path, hints);
  }
  return undefined;
}

function unknownOption(
  key: string,
  known: OptionKeySet,
  where: string,
  path: string,
  hints: Readonly<Record<string, string>> | undefined,
): UnknownOptionError {
  const suggestion = closestKey(key, known);
  const foreign =
    (hints !== undefined && Object.hasOwn(hints, key) ? hints[key] : undefined) ??
    (Object.hasOwn(FOREIGN_SPELLINGS, key) ? FOREIGN_SPELLINGS[key] : undefined);
  let hint = '';
  if (foreign !== undefined) hint = ` (${foreign})`;
  else if (suggestion !== undefined) hint = ` (did you mean \`${path}${suggestion}\`?)`;
  return new UnknownOptionError(`${where}: unknown option \`${path}${key}\`${hint}`, {
    option: `${path}${key}`,
    where,
    suggestion: suggestion && `${path}${suggestion}`,
  });
}

/**
 * The known key nearest to `key` by edit distance (a swap of two neighbours counts as one
 * edit, case is ignored), when it is near enough to be a slip: at most one edit for short keys,
 * a third of the length for longer ones.
 */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  const wanted = key.toLowerCase();
  const bound = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = bound + 1;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  // Three rows: the one before the previous is what an adjacent swap looks back to.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (before[j - 2] as number) + 1);
      }
      current[j] = distance;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}
