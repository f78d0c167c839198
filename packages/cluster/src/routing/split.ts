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
import { mergeFor, type ResponsePolicy } from './merge.js';
import { SLOT_COUNT, slotOf } from './slot.js';
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
 * The part each slot's keys went to, -1 for none: a scratch table `splitCommand` fills and
 * clears again before it returns (it runs synchronously, so it is never shared), instead of a
 * Map per command.
 */
const partOfSlot = new Int32Array(SLOT_COUNT).fill(-1);

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
  const keyCount = (args.length - 1) / step;
  // First pass: each key's part, and how many keys each part gets.
  const partOfKey = new Array<number>(keyCount);
  const slots: number[] = [];
  const sizes: number[] = [];
  for (let key = 0; key < keyCount; key++) {
    const slot = slotOf(args[1 + key * step] as CommandArgument);
    let part = partOfSlot[slot] as number;
    if (part < 0) {
      part = slots.length;
      partOfSlot[slot] = part;
      slots.push(slot);
      sizes.push(0);
    }
    sizes[part] = (sizes[part] as number) + 1;
    partOfKey[key] = part;
  }
  // Second pass: every part's arguments in an array of its exact size, and, per part, where
  // its keys were in the user's command (`order`, part after part from `offsets`).
  const name = args[0] as CommandArgument;
  const parts = new Array<SplitPart>(slots.length);
  const partArgs = new Array<CommandArgument[]>(slots.length);
  const offsets = new Array<number>(slots.length);
  const filled = new Array<number>(slots.length);
  let offset = 0;
  for (let part = 0; part < slots.length; part++) {
    const slot = slots[part] as number;
    partOfSlot[slot] = -1;
    const size = sizes[part] as number;
    const partArg = new Array<CommandArgument>(1 + size * step);
    partArg[0] = name;
    partArgs[part] = partArg;
    parts[part] = { slot, args: partArg };
    offsets[part] = offset;
    filled[part] = 0;
    offset += size;
  }
  const order = new Array<number>(keyCount);
  for (let key = 0; key < keyCount; key++) {
    const part = partOfKey[key] as number;
    const at = filled[part] as number;
    filled[part] = at + 1;
    const partArg = partArgs[part] as CommandArgument[];
    for (let i = 0; i < step; i++) {
      partArg[1 + at * step + i] = args[1 + key * step + i] as CommandArgument;
    }
    order[(offsets[part] as number) + at] = key;
  }
  return {
    kind: 'split',
    parts,
    readOnly: rule.readOnly,
    merge: rule.merge ?? ((outcomes) => inKeyOrder(rule.command, outcomes, sizes, order, keyCount)),
  };
}

/**
 * MGET: each part's values put back where their keys were in the user's command. Part `p`
 * holds `sizes[p]` keys, whose positions follow those of the parts before it in `order`.
 */
function inKeyOrder(
  command: string,
  outcomes: readonly Outcome[],
  sizes: readonly number[],
  order: readonly number[],
  keyCount: number,
): RespValue[] {
  const out = new Array<RespValue>(keyCount);
  let next = 0;
  for (let part = 0; part < outcomes.length; part++) {
    const outcome = outcomes[part] as Outcome;
    if (!outcome.ok) throw outcome.error;
    const reply = outcome.value;
    const size = sizes[part] as number;
    if (!Array.isArray(reply) || reply.length !== size) {
      throw new TypeError(`${command}: part ${part} should reply with ${size} values`);
    }
    for (let i = 0; i < size; i++) out[order[next++] as number] = reply[i] ?? null;
  }
  return out;
}
