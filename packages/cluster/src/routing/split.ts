/**
 * Splitting a multi-key command whose keys span slots into one sub-command per slot
 * (`request_policy:multi_shard`: "DEL {foo} {foo}1 bar should be split to DEL {foo} {foo}1 and
 * DEL bar"), and putting the replies back together in the user's order.
 *
 * Only commands on {@link SPLITTABLE} are split: the tips mark MSETNX `multi_shard` as well, but
 * running it per slot would set some keys when others exist, breaking its all-or-nothing
 * promise. Every other cross-slot command is a `CrossSlotError`.
 */
import type { CommandSpec } from '@redwire/client';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import { mergeFor, type ResponsePolicy, values } from './merge.js';
import { slotOf } from './slot.js';
import type { CommandRoute, MergeOutcomes, Outcome, SplitPart } from './types.js';

/**
 * Commands whose per-slot parts together mean exactly what the whole command means, because
 * each key is handled on its own and the replies combine without loss:
 * - `MGET`: each key read on its own; values come back in the user's key order.
 * - `DEL`, `UNLINK`, `EXISTS`, `TOUCH`: each key counted on its own; the counts add up
 *   (`EXISTS a a` counts `a` twice, and so do its parts).
 * - `MSET`: each key set on its own; `OK` when every part succeeded. Not atomic across slots
 *   (a reader may see some keys set before others), which MSET does not promise in a cluster
 *   anyway; use a hash tag when that matters.
 *
 * Not here, on purpose: `MSETNX` (all-or-nothing), and every command whose keys act together
 * (SUNIONSTORE, RENAME, BLPOP, EVAL, ...), which a cluster only runs within one slot.
 */
export const SPLITTABLE: ReadonlySet<string> = new Set([
  'MGET',
  'MSET',
  'DEL',
  'UNLINK',
  'EXISTS',
  'TOUCH',
]);

/** How to split one command: keys from argument 1 to the end, `step` arguments per key. */
export interface SplitRule {
  /** The command's name, for errors. */
  readonly command: string;
  /** Arguments per key: 1 (`DEL k...`), 2 (`MSET k v...`). */
  readonly step: number;
  /** The merge of the parts' replies, or `undefined` to restore the user's key order (MGET). */
  readonly merge: MergeOutcomes | undefined;
  readonly readOnly: boolean;
}

/**
 * The split rule of a command on {@link SPLITTABLE}; `undefined` for any other command, or one
 * whose spec (say, learned from a newer server) no longer has the one shape this code splits:
 * a single key spec of keys from index 1 to the last argument.
 */
export function splitRule(
  spec: CommandSpec,
  responsePolicy: ResponsePolicy | undefined,
  readOnly: boolean,
): SplitRule | undefined {
  if (!SPLITTABLE.has(spec.name) || spec.keySpecs.length !== 1) return undefined;
  const [keySpec] = spec.keySpecs;
  if (keySpec === undefined) return undefined;
  const { beginSearch: begin, findKeys: find } = keySpec;
  if (begin.type !== 'index' || begin.index !== 1) return undefined;
  if (find.type !== 'range' || find.lastKey !== -1 || find.limit !== 0 || find.keyStep < 1) {
    return undefined;
  }
  const merge = responsePolicy === undefined ? undefined : mergeFor(responsePolicy, spec.name);
  return { command: spec.name, step: find.keyStep, merge, readOnly };
}

/**
 * One sub-command per slot, in the order each slot first appears among the keys; within a
 * part, keys (with their values, for MSET) keep the user's order. `undefined` when the
 * arguments do not come in whole groups of `step` (the server will refuse the command whole).
 */
export function splitCommand(
  args: readonly CommandArgument[],
  rule: SplitRule,
): Extract<CommandRoute, { kind: 'split' }> | undefined {
  const { step } = rule;
  if ((args.length - 1) % step !== 0) return undefined;
  const name = args[0] as CommandArgument;
  const bySlot = new Map<number, { args: CommandArgument[]; positions: number[] }>();
  for (let p = 1, position = 0; p < args.length; p += step, position++) {
    const slot = slotOf(args[p] as CommandArgument);
    let part = bySlot.get(slot);
    if (part === undefined) {
      part = { args: [name], positions: [] };
      bySlot.set(slot, part);
    }
    for (let i = p; i < p + step; i++) part.args.push(args[i] as CommandArgument);
    part.positions.push(position);
  }
  const parts: SplitPart[] = [];
  const positions: number[][] = [];
  for (const [slot, part] of bySlot) {
    parts.push({ slot, args: part.args });
    positions.push(part.positions);
  }
  const keyCount = (args.length - 1) / step;
  return {
    kind: 'split',
    parts,
    readOnly: rule.readOnly,
    merge: rule.merge ?? ((outcomes) => inKeyOrder(rule.command, outcomes, positions, keyCount)),
  };
}

/** MGET: each part's values put back where their keys were in the user's command. */
function inKeyOrder(
  command: string,
  outcomes: readonly Outcome[],
  positions: readonly (readonly number[])[],
  keyCount: number,
): RespValue[] {
  const replies = values(outcomes);
  const out: RespValue[] = new Array(keyCount).fill(null);
  replies.forEach((reply, part) => {
    const at = positions[part] ?? [];
    if (!Array.isArray(reply) || reply.length !== at.length) {
      throw new TypeError(`${command}: part ${part} should reply with ${at.length} values`);
    }
    for (let i = 0; i < at.length; i++) out[at[i] as number] = reply[i] ?? null;
  });
  return out;
}
