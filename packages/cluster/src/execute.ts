/**
 * Running one command on a cluster: choose the node from the route, send, and on failure
 * follow MOVED/ASK, wait out a healing cluster, or resend after a lost connection, by the
 * rules in redirection.ts, until the command succeeds, its deadline passes, or redirections
 * run out.
 */
import { blockingTimeMs, type CommandOptions, type RedisClient } from '@redwire/client';
import { AbortError, CONNECTION_DEFAULTS, TimeoutError } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { TooManyRedirectsError } from './errors.js';
import { classify, healingDelay, LAST_ATTEMPT_MS } from './redirection.js';
import type { CommandRoute, Outcome } from './routing/types.js';
import { nodeKey } from './topology/address.js';
import type { SlotMap } from './topology/slot-map.js';
import type { NodeAddress, NodeView } from './topology/types.js';

/** Per-call settings of a view: options and the reply form. */
export interface CallSettings extends CommandOptions {
  readonly returnBuffers: boolean;
}

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
      return runSplit(core, route, settings);
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
    const batch = newSlotBatch();
    for (const part of parts) addToSlotBatch(batch, part.args, part.slot, readOnly);
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

/** Commands bound for slots, as `sendToSlots` takes them: one array per field, no object each. */
export interface SlotBatch {
  readonly args: (readonly CommandArgument[])[];
  readonly slots: number[];
  readonly readOnly: boolean[];
}

export function newSlotBatch(): SlotBatch {
  return { args: [], slots: [], readOnly: [] };
}

export function addToSlotBatch(
  batch: SlotBatch,
  args: readonly CommandArgument[],
  slot: number,
  readOnly: boolean,
): void {
  batch.args.push(args);
  batch.slots.push(slot);
  batch.readOnly.push(readOnly);
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
  for (let index = 0; index < batch.args.length; index++) {
    const args = batch.args[index] as readonly CommandArgument[];
    const slot = batch.slots[index] as number;
    const readOnly = batch.readOnly[index] as boolean;
    const node = direct ? pickNode(core, map, slot, readOnly, false) : undefined;
    if (node === undefined) {
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

/** The client of a node, in the view's reply form. */
export function clientOf(
  core: ClusterCore,
  address: NodeAddress,
  buffers: boolean,
  key = nodeKey(address),
): RedisClient {
  return core.nodes.client(address, key, buffers);
}

/**
 * One command for one slot, with every retry. The fast path (map known, first attempt) is a
 * direct send: no closure, no await before the socket.
 */
export function runAtSlot(
  core: ClusterCore,
  args: readonly CommandArgument[],
  slot: number,
  readOnly: boolean,
  settings: CallSettings,
): Promise<RespValue> {
  const map = core.topology.map;
  if (map === undefined) {
    return core.topology
      .ready()
      .then(() => new SlotAttempts(core, args, slot, readOnly, settings).run(undefined));
  }
  const node = pickNode(core, map, slot, readOnly, false);
  if (node === undefined) {
    return new SlotAttempts(core, args, slot, readOnly, settings).run(undefined);
  }
  const started = performance.now();
  return send(core, node, args, settings, settings.timeout).catch((error: unknown) =>
    recoverAtSlot(core, args, slot, readOnly, settings, { error, node, started }),
  );
}

/** What the first attempt of a command for a slot was, and how it failed. */
export interface FailedAttempt {
  readonly error: unknown;
  readonly node: NodeView;
  /** When the command was first sent: its deadline counts from here. */
  readonly started: number;
}

/**
 * Continues a command whose first attempt failed: rethrows what is final (timeouts, aborts,
 * plain server errors) without building a retry loop, else retries by the rules above.
 */
export function recoverAtSlot(
  core: ClusterCore,
  args: readonly CommandArgument[],
  slot: number,
  readOnly: boolean,
  settings: CallSettings,
  failed: FailedAttempt,
): Promise<RespValue> {
  const { error, node, started } = failed;
  if (classify(error, node.address.host, core.options.nodeAddressMap).kind === 'fatal') {
    return Promise.reject(error);
  }
  return new SlotAttempts(core, args, slot, readOnly, settings, started).run({ error, node });
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

function send(
  core: ClusterCore,
  node: NodeView,
  args: readonly CommandArgument[],
  settings: CallSettings,
  timeout: number | undefined,
  asking = false,
): Promise<RespValue> {
  const client = core.nodes.client(node.address, node.key, settings.returnBuffers);
  // The view's settings are the options as they are, unless a retry shortened the timeout.
  const options: CommandOptions =
    timeout === settings.timeout ? settings : { timeout, signal: settings.signal };
  if (!asking) return client.sendCommand(args, options);
  // ASKING and the command must reach the node back to back on one connection: the server
  // forgets ASKING after the next command it reads. Two sends in one tick on the shared
  // connection are written in order with nothing between them; a blocking command (which would
  // go to a pooled connection) takes a leased one for both.
  if (blockingTimeMs(args) !== undefined) {
    return client.isolated((conn) => {
      conn.sendCommand(['ASKING'], options).catch(() => {});
      return conn.sendCommand(args, options);
    });
  }
  client.sendCommand(['ASKING'], options).catch(() => {});
  return client.sendCommand(args, options);
}

/** Which node serves `slot` for this command, per `readFrom`. */
export function pickNode(
  core: ClusterCore,
  map: SlotMap,
  slot: number,
  readOnly: boolean,
  primaryOnly: boolean,
): NodeView | undefined {
  const primary = map.primaryFor(slot);
  const readFrom = core.options.readFrom;
  if (!readOnly || primaryOnly || readFrom === 'primary') return primary;
  const shard = map.shardFor(slot);
  if (shard === undefined) return primary;
  if (typeof readFrom === 'function') {
    const chosen = readFrom(shard);
    const key = nodeKey(chosen);
    return [shard.primary, ...shard.replicas].find((n) => n.key === key) ?? primary;
  }
  const healthy = shard.replicas.filter(
    (replica) => replica.health === 'online' && core.nodes.isHealthy(replica.key),
  );
  if (healthy.length === 0) return primary;
  core.replicaTurn = (core.replicaTurn + 1) % 1_000_000;
  return healthy[core.replicaTurn % healthy.length];
}

interface FirstFailure {
  readonly error: unknown;
  readonly node: NodeView;
}

/** The retry loop of one command for one slot, entered after a first failure or before discovery. */
class SlotAttempts {
  readonly #core: ClusterCore;
  readonly #args: readonly CommandArgument[];
  readonly #slot: number;
  readonly #readOnly: boolean;
  readonly #settings: CallSettings;
  readonly #deadline: number;
  readonly #path: string[] = [];
  #redirections = 0;
  #heals = 0;
  #ask: NodeAddress | undefined;
  #primaryOnly = false;

  constructor(
    core: ClusterCore,
    args: readonly CommandArgument[],
    slot: number,
    readOnly: boolean,
    settings: CallSettings,
    started = performance.now(),
  ) {
    this.#core = core;
    this.#args = args;
    this.#slot = slot;
    this.#readOnly = readOnly;
    this.#settings = settings;
    // Healing waits never outlast the command's own timeout (the client default when unset).
    const budget =
      settings.timeout !== undefined && settings.timeout > 0
        ? settings.timeout
        : core.options.commandTimeout || CONNECTION_DEFAULTS.commandTimeout;
    this.#deadline = started + budget;
  }

  async run(first: FirstFailure | undefined): Promise<RespValue> {
    let failure = first;
    for (;;) {
      if (failure !== undefined) await this.#recover(failure.error, failure.node);
      const map = await this.#core.topology.ready();
      const node = this.#ask === undefined ? this.#pick(map) : this.#askNode(map);
      const asking = this.#ask !== undefined;
      this.#ask = undefined;
      try {
        return await send(
          this.#core,
          node,
          this.#args,
          this.#settings,
          this.#attemptTimeout(),
          asking,
        );
      } catch (error) {
        failure = { error, node };
      }
    }
  }

  #pick(map: SlotMap): NodeView {
    const node = pickNode(this.#core, map, this.#slot, this.#readOnly, this.#primaryOnly);
    if (node !== undefined) return node;
    // No owner known for the slot (a partial view mid-failover): any primary answers MOVED.
    const any = map.primaries()[0];
    if (any === undefined) throw this.#giveUp(new Error('the cluster has no primary'));
    return any;
  }

  #askNode(map: SlotMap): NodeView {
    const address = this.#ask as NodeAddress;
    const key = nodeKey(address);
    return map.nodes().find((n) => n.key === key) ?? adHocNode(address, key);
  }

  /** Decides what the error means; throws it when it ends the command, else prepares the retry. */
  async #recover(error: unknown, node: NodeView): Promise<void> {
    const core = this.#core;
    const verdict = classify(error, node.address.host, core.options.nodeAddressMap);
    switch (verdict.kind) {
      case 'fatal':
        throw error;
      case 'moved':
        // The map learns from every MOVED, even one that ends the command.
        await learnMoved(core, verdict.slot, verdict.address, node.key);
        this.#redirect(`MOVED ${nodeKey(verdict.address)}`, error);
        return;
      case 'ask':
        core.stats.ask++;
        this.#redirect(`ASK ${nodeKey(verdict.address)}`, error);
        this.#ask = verdict.address;
        return;
      case 'heal':
        this.#path.push(`${verdict.reason} from ${node.key}`);
        if (verdict.refresh) core.topology.requestRefresh();
        if (this.#readOnly && core.options.readFrom === 'preferReplica') this.#primaryOnly = true;
        await this.#wait(error);
        return;
      case 'lost':
        if (verdict.written && !this.#readOnly && !core.options.retryLostWrites) {
          // It may have run; running a write twice is worse than telling the caller.
          core.topology.requestRefresh();
          throw error;
        }
        this.#path.push(`connection to ${node.key} failed`);
        core.topology.requestRefresh();
        if (this.#readOnly && core.options.readFrom === 'preferReplica') this.#primaryOnly = true;
        await this.#wait(error);
        return;
    }
  }

  #redirect(step: string, error: unknown): void {
    this.#path.push(step);
    if (++this.#redirections > this.#core.options.maxRedirections) throw this.#giveUp(error);
  }

  #giveUp(cause: unknown): TooManyRedirectsError {
    return new TooManyRedirectsError(commandName(this.#args), this.#slot, this.#path, { cause });
  }

  /**
   * A short, growing pause. Near the deadline the pause is cut short so that one last attempt
   * still fits: a cluster that heals in the command's final moments still serves it. With no
   * time left for an attempt, the last error is thrown.
   */
  async #wait(error: unknown): Promise<void> {
    if (this.#core.closed) throw error;
    const left = this.#deadline - performance.now();
    if (left <= LAST_ATTEMPT_MS) {
      throw error instanceof TimeoutError || !(error instanceof Error)
        ? error
        : annotate(error, this.#path);
    }
    this.#core.stats.retries++;
    const delay = Math.min(healingDelay(++this.#heals), left - LAST_ATTEMPT_MS);
    await sleep(this.#core, delay, this.#settings.signal);
  }

  #attemptTimeout(): number | undefined {
    const timeout = this.#settings.timeout;
    if (timeout === undefined || timeout === 0) return timeout;
    return Math.max(1, Math.ceil(this.#deadline - performance.now()));
  }
}

/**
 * What a MOVED from the node `from` teaches: the slot's owner goes into the map at once and a
 * refresh follows. A MOVED naming the node that sent it means our connection to it is stale
 * (the node was replaced at that address): it is dropped, so the next command reconnects.
 */
export async function learnMoved(
  core: ClusterCore,
  slot: number,
  address: NodeAddress,
  from: string,
): Promise<void> {
  core.stats.moved++;
  if (nodeKey(address) === from) await core.nodes.drop(from);
  else core.topology.map?.patch(slot, address);
  core.topology.requestRefresh();
}

/** A node known only from a redirection (not yet in the map). */
function adHocNode(address: NodeAddress, key: string): NodeView {
  return { id: undefined, address, key, role: 'primary', health: 'online' };
}

function annotate(error: Error, path: readonly string[]): Error {
  if (path.length === 0) return error;
  const note = ` (while the cluster healed: ${path.slice(-4).join(', ')})`;
  if (!error.message.endsWith(note)) error.message += note;
  return error;
}

function sleep(core: ClusterCore, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = {
      timer: setTimeout(() => {
        core.waits.delete(entry);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms),
      cancel: (error: Error) => {
        clearTimeout(entry.timer);
        core.waits.delete(entry);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    };
    const onAbort = () =>
      entry.cancel(new AbortError('The command was aborted', { cause: signal?.reason }));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    core.waits.add(entry);
  });
}

function commandName(args: readonly CommandArgument[]): string {
  const first = args[0];
  return typeof first === 'string' ? first.toUpperCase() : 'command';
}
