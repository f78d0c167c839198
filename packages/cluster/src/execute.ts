/**
 * Running a routed command on a cluster: one slot (slot-attempts.ts), any node, every primary or
 * node (fan-out), or split across slots; and many slot-bound commands at once, one `sendEach`
 * per node, for pipelines and split commands.
 */
import { performance } from 'node:perf_hooks';
import { isTraced } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { batchChannel } from './diagnostics.js';
import { type CallSettings, pickNode, send } from './node-send.js';
import type { CommandRoute, Outcome } from './routing/types.js';
import { recoverAtSlot, runAtSlot } from './slot-attempts.js';
import type { SlotMap } from './topology/slot-map.js';
import type { NodeView } from './topology/types.js';

/** Runs a routed command and resolves with its raw reply. */
export function execute(
  core: ClusterCore,
  args: readonly CommandArgument[],
  route: CommandRoute,
  settings: CallSettings,
): Promise<RespValue> {
  switch (route.kind) {
    case 'slot':
      return runAtSlot(core, args, route.slot, route.readOnly, settings);
    case 'any':
      return runAnywhere(core, args, route.readOnly, settings);
    case 'fanout':
      return runFanout(core, args, route.to, settings).then(route.merge);
    case 'split':
      if (settings.trace === undefined || !isTraced(batchChannel)) {
        return runSplit(core, route, settings);
      }
      return batchChannel.tracePromise(() => runSplit(core, route, settings), {
        kind: 'split',
        batchSize: route.parts.length,
        commands: route.parts.map((part) => settings.trace?.command ?? String(part.args[0])),
        database: 0,
      });
  }
}

/** A split command (MGET across slots): every part sent at once, merged when all settled. */
function runSplit(
  core: ClusterCore,
  route: Extract<CommandRoute, { kind: 'split' }>,
  settings: CallSettings,
): Promise<RespValue> {
  const { parts, readOnly, merge } = route;
  return new Promise((resolve, reject) => {
    const outcomes = new Array<Outcome>(parts.length);
    let left = parts.length;
    const batch = new SlotBatch(parts.length);
    for (const part of parts) batch.add(part.args, part.slot, readOnly);
    sendToSlots(core, settings, batch, (index, outcome) => {
      outcomes[index] =
        outcome instanceof Error ? { ok: false, error: outcome } : { ok: true, value: outcome };
      if (--left > 0) return;
      try {
        resolve(merge(outcomes));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/**
 * Commands bound for slots, as `sendToSlots` takes them: one array per field, no object each,
 * sized up front when the caller knows how many will come.
 */
export class SlotBatch {
  readonly args: (readonly CommandArgument[])[];
  readonly slots: number[];
  readonly readOnly: boolean[];
  length = 0;

  constructor(capacity: number) {
    this.args = new Array(capacity);
    this.slots = new Array(capacity);
    this.readOnly = new Array(capacity);
  }

  add(args: readonly CommandArgument[], slot: number, readOnly: boolean): void {
    const at = this.length++;
    this.args[at] = args;
    this.slots[at] = slot;
    this.readOnly[at] = readOnly;
  }
}

/**
 * Sends many commands for slots at once and hands each outcome to `settle(index, outcome)`: the
 * reply, or the error it finally failed with. Each node's share goes to its connection in one
 * `sendEach` (no promise per command) when the map is known and the view has no per-call
 * timeout or signal; only a command that fails there (MOVED, ASK, a lost node) enters the
 * retry loop, on its own. Otherwise each takes `runAtSlot`. For pipelines and split commands.
 */
export function sendToSlots(
  core: ClusterCore,
  settings: CallSettings,
  batch: SlotBatch,
  settle: (index: number, outcome: RespValue | Error) => void,
): void {
  const map = core.topology.map;
  const direct =
    map !== undefined && settings.timeout === undefined && settings.signal === undefined;
  // One clock reading starts every command's retry budget.
  const started = performance.now();
  const shares = new Map<string, NodeShare>();
  for (let index = 0; index < batch.length; index++) {
    const args = batch.args[index] as readonly CommandArgument[];
    const slot = batch.slots[index] as number;
    const readOnly = batch.readOnly[index] as boolean;
    const node = direct ? pickNode(core, map, slot, readOnly, false) : undefined;
    if (node === undefined || core.watchdog.holds(node.key)) {
      runAtSlot(core, args, slot, readOnly, settings).then(
        (reply) => settle(index, reply),
        (error: unknown) => settle(index, error as Error),
      );
      continue;
    }
    let share = shares.get(node.key);
    if (share === undefined) {
      share = { node, args: [], indexes: [] };
      shares.set(node.key, share);
    }
    share.args.push(args);
    share.indexes.push(index);
  }
  for (const { node, args, indexes } of shares.values()) {
    const onOutcome = (local: number, outcome: RespValue | Error) => {
      const index = indexes[local] as number;
      if (!(outcome instanceof Error)) {
        settle(index, outcome);
        return;
      }
      const failed = batch.args[index] as readonly CommandArgument[];
      const slot = batch.slots[index] as number;
      const readOnly = batch.readOnly[index] as boolean;
      recoverAtSlot(core, failed, slot, readOnly, settings, { error: outcome, node, started }).then(
        (reply) => settle(index, reply),
        (error: unknown) => settle(index, error as Error),
      );
    };
    const channel = core.nodes.channel(node.address, node.key, settings.returnBuffers);
    if (channel.sendEach !== undefined) {
      channel.sendEach(args, { settle: onOutcome });
      continue;
    }
    args.forEach((one, local) => {
      channel.sendRaw(one).then(
        (reply) => onOutcome(local, reply),
        (error: unknown) => onOutcome(local, error as Error),
      );
    });
  }
}

/** The commands of one batch bound for one node, with their positions in the batch. */
interface NodeShare {
  readonly node: NodeView;
  readonly args: (readonly CommandArgument[])[];
  readonly indexes: number[];
}

/** A keyless command: any primary (or replica, for reads when allowed), with the same retries. */
function runAnywhere(
  core: ClusterCore,
  args: readonly CommandArgument[],
  readOnly: boolean,
  settings: CallSettings,
): Promise<RespValue> {
  return core.topology.ready().then((map) => {
    const primaries = map.primaries();
    const pick = primaries[Math.floor(Math.random() * primaries.length)];
    const slot = pick === undefined ? 0 : (firstSlotOf(map, pick) ?? 0);
    return runAtSlot(core, args, slot, readOnly, settings);
  });
}

function firstSlotOf(map: SlotMap, node: NodeView): number | undefined {
  const shard = map.shards().find((s) => s.primary.key === node.key);
  return shard?.slots[0]?.start;
}

/** The command on every primary (or every node), each outcome kept for the response policy. */
async function runFanout(
  core: ClusterCore,
  args: readonly CommandArgument[],
  to: 'primaries' | 'all',
  settings: CallSettings,
): Promise<readonly Outcome[]> {
  const map = await core.topology.ready();
  const targets = to === 'primaries' ? map.primaries() : map.nodes();
  return settleAll(
    targets.map((node) =>
      send(core, node, args, settings, settings.timeout).catch((error: unknown) => {
        // Every error path may mean the map is stale, fan-out included.
        core.topology.requestRefresh();
        throw error;
      }),
    ),
  );
}

function settleAll(promises: readonly Promise<RespValue>[]): Promise<readonly Outcome[]> {
  return Promise.all(
    promises.map((p) =>
      p.then(
        (value): Outcome => ({ ok: true, value }),
        (error: unknown): Outcome => ({ ok: false, error: error as Error }),
      ),
    ),
  );
}

/**
 * A batch kept for the module's life, never sent: with no batch in flight, a full garbage
 * collection would free its hidden class and throw away the optimized code that checks it
 * (see `SHAPE_KEEPER` in @redwire/connection's pending-command.ts).
 */
export const SLOT_BATCH_SHAPE_KEEPER: SlotBatch = new SlotBatch(0);
