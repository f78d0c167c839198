/**
 * Where one command goes, from its spec alone: the slot of its keys, any node, every primary or
 * node (a fan-out), or one sub-command per slot (a split). Runs for every command a cluster
 * client sends, so what can be decided per spec is decided once and cached (see {@link Plan}),
 * and the common case (one key at a fixed position) costs one slot hash and no allocation.
 */
import { type CommandSpec, extractKeys } from '@redwire/client';
import type { CommandArgument } from '@redwire/protocol';
import { CrossSlotError } from '../errors.js';
import { mergeFor, type ResponsePolicy } from './merge.js';
import { SLOT_COUNT, slotOf } from './slot.js';
import { type SplitRule, splitCommand, splitRule } from './split.js';
import type { CommandRoute } from './types.js';

/** A `request_policy` tip's value. */
export type RequestPolicy = 'all_nodes' | 'all_shards' | 'multi_shard' | 'special';

/**
 * Keyless commands sent to one node although their tips say `all_shards`, because no merge of
 * the replies means anything:
 * - `RANDOMKEY` (no response policy): a concatenation of one key per primary is not a random
 *   key. One node's answer is; it is `null` when that node's shard is empty while others are not.
 *
 * `WAIT` is not here: it follows its tips (every primary, the smallest count), an answer that
 * holds for every shard. WAIT counts the replicas that acknowledged the writes of the connection
 * it runs on, so it tells most when it runs where the writes went.
 */
const ONE_NODE: ReadonlySet<string> = new Set(['RANDOMKEY']);

/** What routing decides once per spec. */
interface Plan {
  readonly readOnly: boolean;
  /** The key's position when the spec has exactly one key at a fixed position (GET), else -1. */
  readonly keyIndex: number;
  /** Whether the spec has key specs at all; without, the command is keyless. */
  readonly hasKeys: boolean;
  /** The route when the command has no keys: `any`, or a fan-out per its tips. */
  readonly keyless: CommandRoute;
  /** How to split it when its keys span slots (MGET, DEL, ...); undefined: CrossSlotError. */
  readonly split: SplitRule | undefined;
}

const plans = new WeakMap<CommandSpec, Plan>();

const ANY_WRITE: CommandRoute = Object.freeze({ kind: 'any', readOnly: false });
const ANY_READ: CommandRoute = Object.freeze({ kind: 'any', readOnly: true });

/** Slot routes are immutable, so one object per slot and access serves every command. */
const slotRoutes: (CommandRoute | undefined)[] = new Array(SLOT_COUNT * 2);

const INCLUDE_NOT_KEYS = { includeNotKeys: true } as const;

/**
 * Where a command goes in a cluster (see `CommandRoute`):
 * - `slot`: all its keys (shard channels included: SPUBLISH, SSUBSCRIBE) are in one slot;
 * - `split`: its keys span slots and it is one of MGET, MSET, DEL, UNLINK, EXISTS, TOUCH;
 * - `fanout`: it is keyless with `request_policy:all_shards` (every primary) or `all_nodes`
 *   (every node), its replies merged per its `response_policy`;
 * - `any`: it is keyless otherwise (EVAL with 0 keys included), its spec is unknown, or its tips
 *   ask for a special request or response policy (SCAN, INFO): one node's reply is the answer;
 *   use the cluster's per-node clients for a view of every node.
 *
 * `readOnly` is the spec's `readonly` flag (and no `write` flag): such a command may go to a
 * replica. An unknown command is never read-only.
 *
 * @throws CrossSlotError when its keys span slots and it cannot be split safely (MSETNX,
 * SUNIONSTORE, BLPOP, EVAL, ...); nothing should be sent.
 *
 * @example
 * ```ts
 * routeCommand(['GET', 'user:1'], commandSpecs.GET); // { kind: 'slot', slot: 10778, readOnly: true }
 * routeCommand(['DBSIZE'], commandSpecs.DBSIZE); // { kind: 'fanout', to: 'primaries', merge: sum, ... }
 * routeCommand(['MGET', 'a', 'b'], commandSpecs.MGET); // { kind: 'split', parts: [...], ... }
 * ```
 */
export function routeCommand(
  args: readonly CommandArgument[],
  spec: CommandSpec | undefined,
): CommandRoute {
  if (spec === undefined) return ANY_WRITE;
  const plan = plans.get(spec) ?? planOf(spec);
  if (plan.keyIndex > 0) {
    const key = args[plan.keyIndex];
    return key === undefined ? plan.keyless : slotRoute(slotOf(key), plan.readOnly);
  }
  if (!plan.hasKeys) return plan.keyless;
  const keys = extractKeys(spec, args, INCLUDE_NOT_KEYS);
  const [first] = keys;
  if (first === undefined) return plan.keyless;
  const slot = slotOf(first);
  for (let i = 1; i < keys.length; i++) {
    if (slotOf(keys[i] as CommandArgument) !== slot) return crossSlot(spec, plan, args, keys);
  }
  return slotRoute(slot, plan.readOnly);
}

/** The `request_policy` tip of a spec; an unknown value counts as `special`. */
export function requestPolicyOf(spec: CommandSpec): RequestPolicy | undefined {
  const value = tip(spec, 'request_policy:');
  if (value === undefined) return undefined;
  return REQUEST_POLICIES.has(value) ? (value as RequestPolicy) : 'special';
}

/** The `response_policy` tip of a spec; an unknown value counts as `special`. */
export function responsePolicyOf(spec: CommandSpec): ResponsePolicy | undefined {
  const value = tip(spec, 'response_policy:');
  if (value === undefined) return undefined;
  return RESPONSE_POLICIES.has(value) ? (value as ResponsePolicy) : 'special';
}

const REQUEST_POLICIES = new Set(['all_nodes', 'all_shards', 'multi_shard', 'special']);
const RESPONSE_POLICIES = new Set([
  'one_succeeded',
  'all_succeeded',
  'agg_logical_and',
  'agg_logical_or',
  'agg_min',
  'agg_max',
  'agg_sum',
  'special',
]);

function tip(spec: CommandSpec, prefix: string): string | undefined {
  const found = spec.tips.find((t) => t.startsWith(prefix));
  return found?.slice(prefix.length);
}

function planOf(spec: CommandSpec): Plan {
  const readOnly = spec.flags.includes('readonly') && !spec.flags.includes('write');
  const response = responsePolicyOf(spec);
  const plan: Plan = {
    readOnly,
    keyIndex: singleKeyIndex(spec),
    hasKeys: spec.keySpecs.length > 0,
    keyless: keylessRoute(spec, readOnly, response),
    split: splitRule(spec, response, readOnly),
  };
  plans.set(spec, plan);
  return plan;
}

/**
 * The position of the only key when the spec says "one key at index i" (a single `index` begin
 * search with a `range` of last key 0, not `incomplete`): extractKeys would answer `[args[i]]`,
 * so routing reads it directly. -1 for any other spec.
 */
function singleKeyIndex(spec: CommandSpec): number {
  if (spec.keySpecs.length !== 1) return -1;
  const [keySpec] = spec.keySpecs;
  if (keySpec === undefined || keySpec.flags.includes('incomplete')) return -1;
  const { beginSearch: begin, findKeys: find } = keySpec;
  if (begin.type !== 'index' || begin.index < 1) return -1;
  if (find.type !== 'range' || find.lastKey !== 0 || find.keyStep < 1) return -1;
  return begin.index;
}

function keylessRoute(
  spec: CommandSpec,
  readOnly: boolean,
  response: ResponsePolicy | undefined,
): CommandRoute {
  const request = requestPolicyOf(spec);
  const fanout = request === 'all_shards' || request === 'all_nodes';
  // A `special` response (INFO, MEMORY STATS, LATENCY ...) has no merge that keeps the reply's
  // type, so the command answers from one node, like a standalone client would.
  if (!fanout || response === 'special' || ONE_NODE.has(spec.name)) {
    return readOnly ? ANY_READ : ANY_WRITE;
  }
  return Object.freeze({
    kind: 'fanout',
    to: request === 'all_shards' ? 'primaries' : 'all',
    readOnly,
    merge: mergeFor(response, spec.name),
  });
}

function slotRoute(slot: number, readOnly: boolean): CommandRoute {
  const index = readOnly ? slot + SLOT_COUNT : slot;
  let route = slotRoutes[index];
  if (route === undefined) {
    route = Object.freeze({ kind: 'slot', slot, readOnly });
    slotRoutes[index] = route;
  }
  return route;
}

function crossSlot(
  spec: CommandSpec,
  plan: Plan,
  args: readonly CommandArgument[],
  keys: readonly CommandArgument[],
): CommandRoute {
  if (plan.split !== undefined) {
    const route = splitCommand(args, plan.split);
    // Arguments in broken groups (MSET a 1 b): the server refuses it whole, from any key's node.
    return route ?? slotRoute(slotOf(keys[0] as CommandArgument), plan.readOnly);
  }
  throw new CrossSlotError(spec.name, [...new Set(keys.map(slotOf))]);
}
