/**
 * Scan iterators: SCAN, HSCAN, SSCAN and ZSCAN as async iterables. Each walks the cursor until
 * the server answers `0`, one page at a time: the next page is asked for only when the consumer
 * has taken every item of the current one, so memory holds one page (about `count` items) and
 * a consumer that stops (`break`, `return`, a throw) stops the scan.
 *
 * Redis guarantees that every element present for the whole scan is returned at least once, not
 * exactly once: an element may come twice (the table grew or shrank between pages). These
 * iterators pass duplicates on rather than remember what they saw, which would cost memory in
 * proportion to the keyspace. De-duplicate yourself (a `Set`) when it matters.
 */
import { Buffer } from 'node:buffer';
import { AbortError } from '@redwire/connection';
import {
  type CommandArgument,
  checkOptionKeys,
  type OptionKeySet,
  optionKeys,
  type RespValue,
} from '@redwire/protocol';
import type { RedisKey } from './commands/arguments.js';
import { commandBuilders } from './commands/generated/index.js';
import type { ScoredMember } from './replies/convert.js';
import type { HashField } from './replies/types.js';
import { COMMAND_OPTION_KEYS, type CommandOptions } from './sender.js';

/** What a scan needs from a client: raw replies, so the page shape is read here alone. */
export interface ScanSource {
  sendCommand(args: readonly CommandArgument[], options?: CommandOptions): Promise<RespValue>;
}

/**
 * A key, member or field as the view replies: a string, or a Buffer on a `withBuffers()` view.
 * The scan functions take the form as their type parameter `V`; a client passes its own.
 */
export type ScanValue = string | Buffer;

/** Options of every scan iterator. `timeout` applies to each page's command. */
export interface ScanPageOptions extends CommandOptions {
  /** A glob-style pattern (`user:*`) the server filters each page by. */
  readonly match?: string | Buffer | undefined;
  /**
   * How much work the server does per page (a hint, not a page size: a page can be empty or
   * larger). @defaultValue the server's: 10
   */
  readonly count?: number | undefined;
}

/** Every key of {@link ScanPageOptions}. */
export const SCAN_PAGE_OPTION_KEYS: OptionKeySet = new Set([
  ...COMMAND_OPTION_KEYS,
  ...optionKeys<Omit<ScanPageOptions, keyof CommandOptions>>({ match: true, count: true }),
]);

/** Every key of {@link ScanIteratorOptions}. */
export const SCAN_ITERATOR_OPTION_KEYS: OptionKeySet = new Set([
  ...SCAN_PAGE_OPTION_KEYS,
  ...optionKeys<Omit<ScanIteratorOptions, keyof ScanPageOptions>>({ type: true }),
]);

/**
 * Checks a scan method's options for unknown keys, naming the method the user called.
 * @internal
 */
export function checkScanOptions(options: object | undefined, keys: OptionKeySet, where: string) {
  if (options !== undefined) checkOptionKeys(options, keys, where);
}

/** Options of `scanIterator`. */
export interface ScanIteratorOptions extends ScanPageOptions {
  /** Only keys of this type: `string`, `list`, `set`, `zset`, `hash`, `stream`, or a module type. */
  readonly type?: string | undefined;
}

/** One field of a hash, as `hscanIterator` yields it (the reply table's shape). */
export type HashEntry<V extends ScanValue = ScanValue> = HashField<V>;

/** One member of a sorted set, as `zscanIterator` yields it; `inf`/`-inf` scores become ±Infinity. */
export type SortedSetEntry<V extends ScanValue = ScanValue> = ScoredMember<V>;

/**
 * Yields every key of the database (filtered by `match` and `type`) with SCAN.
 * @throws AbortError when `options.signal` aborts, before the next item or during a page
 */
export function scanKeys<V extends ScanValue = ScanValue>(
  source: ScanSource,
  options: ScanIteratorOptions = {},
): AsyncGenerator<V, void, undefined> {
  // Checked here, not in the generator, so a misspelt option throws at the call.
  checkOptionKeys(options, SCAN_ITERATOR_OPTION_KEYS, 'scanKeys()');
  return walkScanKeys<V>(source, options);
}

async function* walkScanKeys<V extends ScanValue>(
  source: ScanSource,
  options: ScanIteratorOptions,
): AsyncGenerator<V, void, undefined> {
  const { match, count, type } = options;
  const pageOptions = { match, count, type };
  const build = (cursor: string) => commandBuilders.scan(cursor, defined(pageOptions)).args;
  for await (const item of walk(source, build, options)) yield item as V;
}

/** Yields every field of the hash at `key` as `{ field, value }`, with HSCAN. */
export function scanHash<V extends ScanValue = ScanValue>(
  source: ScanSource,
  key: RedisKey,
  options: ScanPageOptions = {},
): AsyncGenerator<HashEntry<V>, void, undefined> {
  // Checked here, not in the generator, so a misspelt option throws at the call.
  checkOptionKeys(options, SCAN_PAGE_OPTION_KEYS, 'scanHash()');
  return walkScanHash<V>(source, key, options);
}

async function* walkScanHash<V extends ScanValue>(
  source: ScanSource,
  key: RedisKey,
  options: ScanPageOptions,
): AsyncGenerator<HashEntry<V>, void, undefined> {
  const build = (cursor: string) =>
    commandBuilders.hscan(key, cursor, defined(pageOptionsOf(options))).args;
  let field: V | undefined;
  for await (const item of walk(source, build, options)) {
    if (field === undefined) {
      field = item as V;
      continue;
    }
    yield { field, value: item as V };
    field = undefined;
  }
}

/** Yields every member of the set at `key`, with SSCAN. */
export function scanSet<V extends ScanValue = ScanValue>(
  source: ScanSource,
  key: RedisKey,
  options: ScanPageOptions = {},
): AsyncGenerator<V, void, undefined> {
  // Checked here, not in the generator, so a misspelt option throws at the call.
  checkOptionKeys(options, SCAN_PAGE_OPTION_KEYS, 'scanSet()');
  return walkScanSet<V>(source, key, options);
}

async function* walkScanSet<V extends ScanValue>(
  source: ScanSource,
  key: RedisKey,
  options: ScanPageOptions,
): AsyncGenerator<V, void, undefined> {
  const build = (cursor: string) =>
    commandBuilders.sscan(key, cursor, defined(pageOptionsOf(options))).args;
  for await (const item of walk(source, build, options)) yield item as V;
}

/** Yields every member of the sorted set at `key` as `{ member, score }`, with ZSCAN. */
export function scanSortedSet<V extends ScanValue = ScanValue>(
  source: ScanSource,
  key: RedisKey,
  options: ScanPageOptions = {},
): AsyncGenerator<SortedSetEntry<V>, void, undefined> {
  // Checked here, not in the generator, so a misspelt option throws at the call.
  checkOptionKeys(options, SCAN_PAGE_OPTION_KEYS, 'scanSortedSet()');
  return walkScanSortedSet<V>(source, key, options);
}

async function* walkScanSortedSet<V extends ScanValue>(
  source: ScanSource,
  key: RedisKey,
  options: ScanPageOptions,
): AsyncGenerator<SortedSetEntry<V>, void, undefined> {
  const build = (cursor: string) =>
    commandBuilders.zscan(key, cursor, defined(pageOptionsOf(options))).args;
  let member: V | undefined;
  for await (const item of walk(source, build, options)) {
    if (member === undefined) {
      member = item as V;
      continue;
    }
    yield { member, score: parseScore(item) };
    member = undefined;
  }
}

/**
 * The cursor loop shared by the four scans: sends the page command for the current cursor,
 * yields the page's items one by one (a hash or sorted set as field, value, field, value, ...),
 * and stops after the page whose cursor is `0`.
 */
async function* walk(
  source: ScanSource,
  build: (cursor: string) => readonly CommandArgument[],
  options: CommandOptions,
): AsyncGenerator<RespValue, void, undefined> {
  const { signal } = options;
  const sendOptions = defined({ signal, timeout: options.timeout });
  let cursor = '0';
  do {
    throwIfAborted(signal);
    // Built first: a bad MATCH or COUNT is a TypeError before anything is written.
    const args = build(cursor);
    const page = readPage(await source.sendCommand(args, sendOptions));
    cursor = page.cursor;
    for (const item of page.items) {
      throwIfAborted(signal);
      yield item;
    }
  } while (cursor !== '0');
}

/** A page as `[cursor, items]`: the reply of every protocol, and of a normalised `{ cursor, ... }`. */
export function readPage(reply: unknown): { cursor: string; items: RespValue[] } {
  if (Array.isArray(reply) && reply.length === 2) {
    return { cursor: cursorText(reply[0]), items: flatItems(reply[1]) };
  }
  if (isRecord(reply) && 'cursor' in reply) {
    const rest = Object.entries(reply).filter(([name]) => name !== 'cursor');
    return { cursor: cursorText(reply.cursor), items: flatItems(rest[0]?.[1]) };
  }
  throw new TypeError(`A scan page must be [cursor, items], got ${describe(reply)}`);
}

function cursorText(cursor: unknown): string {
  if (typeof cursor === 'string') return cursor;
  if (Buffer.isBuffer(cursor)) return cursor.toString('latin1');
  if (typeof cursor === 'number' || typeof cursor === 'bigint') return String(cursor);
  throw new TypeError(`A scan cursor must be a string or integer, got ${describe(cursor)}`);
}

/** Items flat, whatever their container: a flat array, `[field, value]` pairs, a Map, a record. */
function flatItems(items: unknown): RespValue[] {
  if (items instanceof Map) return [...items].flat() as RespValue[];
  if (items instanceof Set) return [...items] as RespValue[];
  if (Array.isArray(items)) {
    return items.some(Array.isArray) ? (items.flat() as RespValue[]) : (items as RespValue[]);
  }
  if (isRecord(items)) return Object.entries(items).flat() as RespValue[];
  throw new TypeError(`A scan page's items must be a list, got ${describe(items)}`);
}

/** A score as the server spells it (`1.5`, `inf`, `-inf`), or already a number. */
export function parseScore(score: unknown): number {
  if (typeof score === 'number') return score;
  const text = Buffer.isBuffer(score) ? score.toString('latin1') : String(score);
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) {
    throw new TypeError(`A sorted-set score must be numeric, got ${describe(score)}`);
  }
  return value;
}

function pageOptionsOf(options: ScanPageOptions) {
  return { match: options.match, count: options.count };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('The scan was aborted', { cause: signal.reason });
}

/** Drops undefined fields: the builders' options are exact (`exactOptionalPropertyTypes`). */
function defined<T extends object>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
  );
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  return typeof value;
}
