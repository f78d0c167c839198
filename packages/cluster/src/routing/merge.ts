/**
 * The response policies of the command tips ("Redis command tips", `response_policy`): how the
 * replies of a fan-out or a split become the one reply the user gets. Pure functions over
 * `Outcome[]`, in the order the sub-requests were planned.
 *
 * Errors: every policy but `one_succeeded` throws the first failed outcome's error (in plan
 * order) when any failed, as `all_succeeded` prescribes; an aggregate of partial replies would
 * be a wrong answer that looks right.
 */
import type { RespValue } from '@redwire/protocol';
import type { MergeOutcomes, Outcome } from './types.js';

/** A `response_policy` tip's value. */
export type ResponsePolicy =
  | 'one_succeeded'
  | 'all_succeeded'
  | 'agg_logical_and'
  | 'agg_logical_or'
  | 'agg_min'
  | 'agg_max'
  | 'agg_sum'
  | 'special';

/**
 * The merge for a response policy; `undefined` (no tip) is the default for keyless commands:
 * concatenate array replies (KEYS, SLOWLOG GET). `command` names the command in the TypeError
 * raised when replies do not have the shape the policy needs.
 *
 * @example
 * ```ts
 * mergeFor('agg_sum', 'DBSIZE')([{ ok: true, value: 2 }, { ok: true, value: 3 }]); // 5
 * ```
 */
export function mergeFor(policy: ResponsePolicy | undefined, command: string): MergeOutcomes {
  switch (policy) {
    case 'one_succeeded':
      return oneSucceeded;
    case 'all_succeeded':
      return allSucceeded;
    case 'agg_sum':
    case 'agg_min':
    case 'agg_max':
      return (outcomes) => aggregate(policy, values(outcomes), command);
    case 'agg_logical_and':
    case 'agg_logical_or':
      return (outcomes) => logical(policy, values(outcomes), command);
    default:
      // No tip, or `special` (which routing sends to one node, so there is one reply).
      return concatenate;
  }
}

/** The values of all outcomes; throws the first error. */
export function values(outcomes: readonly Outcome[]): RespValue[] {
  const out: RespValue[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) throw outcome.error;
    out.push(outcome.value);
  }
  return out;
}

/** `all_succeeded`: one of the replies (they are alike: `OK`, a SHA) when none failed. */
export function allSucceeded(outcomes: readonly Outcome[]): RespValue {
  return values(outcomes)[0] ?? null;
}

/** `one_succeeded`: the first success (SCRIPT KILL on the one node running a script); if none, the first error. */
export function oneSucceeded(outcomes: readonly Outcome[]): RespValue {
  for (const outcome of outcomes) if (outcome.ok) return outcome.value;
  const [first] = outcomes;
  if (first !== undefined && !first.ok) throw first.error;
  return null;
}

/**
 * No response policy on a keyless fan-out: arrays are concatenated in node order (KEYS),
 * RESP3 maps merged and sets united; any other reply is taken from the first node.
 */
export function concatenate(outcomes: readonly Outcome[]): RespValue {
  const replies = values(outcomes);
  if (replies.length === 0) return [];
  if (replies.every((reply) => Array.isArray(reply))) return (replies as RespValue[][]).flat(1);
  if (replies.every((reply) => reply instanceof Map)) {
    return new Map((replies as Map<RespValue, RespValue>[]).flatMap((reply) => [...reply]));
  }
  if (replies.every((reply) => reply instanceof Set)) {
    return new Set((replies as Set<RespValue>[]).flatMap((reply) => [...reply]));
  }
  return replies[0] ?? null;
}

/** `agg_sum`, `agg_min`, `agg_max` over integer replies; a sum past 2^53 becomes a bigint. */
function aggregate(
  policy: 'agg_sum' | 'agg_min' | 'agg_max',
  replies: readonly RespValue[],
  command: string,
): RespValue {
  let result: number | bigint | undefined;
  for (const reply of replies) {
    if (typeof reply !== 'number' && typeof reply !== 'bigint') {
      throw shapeError(command, policy, 'integer', reply);
    }
    if (result === undefined) result = reply;
    else if (policy === 'agg_sum') result = add(result, reply);
    else if (policy === 'agg_min') result = reply < result ? reply : result;
    else result = reply > result ? reply : result;
  }
  return result ?? (policy === 'agg_sum' ? 0 : null);
}

function add(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return BigInt(a) + BigInt(b);
}

/**
 * `agg_logical_and` / `agg_logical_or` over integer (0/1) or boolean replies, or element-wise
 * over arrays of them (SCRIPT EXISTS: a script exists only if every primary has it).
 */
function logical(
  policy: 'agg_logical_and' | 'agg_logical_or',
  replies: readonly RespValue[],
  command: string,
): RespValue {
  const [first] = replies;
  if (first === undefined) return null;
  if (!Array.isArray(first)) return combine(policy, replies, command);
  const rows: RespValue[][] = [];
  for (const reply of replies) {
    if (!Array.isArray(reply) || reply.length !== first.length) {
      throw shapeError(command, policy, `array of ${first.length}`, reply);
    }
    rows.push(reply);
  }
  return first.map((_, i) =>
    combine(
      policy,
      rows.map((row) => row[i] ?? null),
      command,
    ),
  );
}

function combine(
  policy: 'agg_logical_and' | 'agg_logical_or',
  replies: readonly RespValue[],
  command: string,
): RespValue {
  const and = policy === 'agg_logical_and';
  let result = and;
  let booleans = true;
  for (const reply of replies) {
    let truth: boolean;
    if (typeof reply === 'boolean') truth = reply;
    else if (typeof reply === 'number' || typeof reply === 'bigint') {
      truth = reply !== 0 && reply !== 0n;
      booleans = false;
    } else throw shapeError(command, policy, 'integer', reply);
    result = and ? result && truth : result || truth;
  }
  if (booleans) return result;
  return result ? 1 : 0;
}

function shapeError(command: string, policy: string, wanted: string, got: RespValue): TypeError {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new TypeError(`${command}: ${policy} needs ${wanted} replies, got ${kind}`);
}
