/**
 * One command for one slot, with every retry: send to the slot's node and, on failure, follow
 * MOVED/ASK, wait out a healing cluster, or resend after a lost connection, by the rules in
 * redirection.ts, until the command succeeds, its deadline passes, or redirections run out.
 */

import { performance } from 'node:perf_hooks';
import { blockingTimeMs, commandNameOf } from '@redwire/client';
import { AbortError, CONNECTION_DEFAULTS, TimeoutError, whenAborted } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { redirectChannel } from './diagnostics.js';
import { ClusterDownError, TooManyRedirectsError } from './errors.js';
import { clusterClosedError } from './node-clients.js';
import { type CallSettings, pickNode, send } from './node-send.js';
import { classify, healingDelay, LAST_ATTEMPT_MS } from './redirection.js';
import { nodeKey } from './topology/address.js';
import type { SlotMap } from './topology/slot-map.js';
import type { NodeAddress, NodeView } from './topology/types.js';

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
  // A suspected node's commands wait in the retry loop for it to answer or its slots to move.
  if (node === undefined || core.watchdog.holds(node.key)) {
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
  readonly #started: number;
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
    this.#started = started;
    this.#deadline = started + budget;
  }

  async run(first: FirstFailure | undefined): Promise<RespValue> {
    let failure = first;
    for (;;) {
      if (failure !== undefined) await this.#recover(failure.error, failure.node);
      const map = await this.#core.topology.ready();
      const node = this.#ask === undefined ? this.#pick(map) : this.#askNode(map);
      const asking = this.#ask !== undefined;
      if (!asking && this.#core.watchdog.holds(node.key)) {
        // Not written to a node that stopped answering: unwritten, the command may still go
        // to its replica once promoted, or to it once it answers again.
        failure = undefined;
        if (this.#core.closed) throw clusterClosedError();
        await this.#wait(this.#heldError(node));
        continue;
      }
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
    if (any === undefined) {
      throw new ClusterDownError(`No primary serves slot ${this.#slot}: the cluster map has none`);
    }
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
        this.#published('MOVED', node.key, nodeKey(verdict.address));
        this.#redirect(`MOVED ${nodeKey(verdict.address)}`, error);
        return;
      case 'ask':
        core.stats.ask++;
        this.#published('ASK', node.key, nodeKey(verdict.address));
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
        if (verdict.written && !this.#mayResend()) {
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

  /**
   * Whether a command written to a connection that then died may be sent again: a read (not a
   * blocking one, whose wait would start over), any command with `retryLostWrites`, or what
   * the call's `retryOnReconnect` says.
   */
  #mayResend(): boolean {
    const asked = this.#settings.retryOnReconnect;
    if (asked !== undefined) return asked && blockingTimeMs(this.#args) === undefined;
    if (blockingTimeMs(this.#args) !== undefined) return false;
    return this.#readOnly || this.#core.options.retryLostWrites;
  }

  /** A redirection followed, on `redwire:redirect` and in the command's trace. */
  #published(kind: 'MOVED' | 'ASK', from: string, to: string): void {
    const trace = this.#settings.trace;
    const step = { kind, slot: this.#slot, from, to };
    trace?.redirects?.push(step);
    if (redirectChannel.hasSubscribers) {
      redirectChannel.publish({ ...step, command: commandNameOf(this.#args, undefined) });
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
    const core = this.#core;
    if (await healingPause(core, this.#deadline, ++this.#heals, this.#settings.signal)) return;
    if (core.closed || error instanceof TimeoutError || !(error instanceof Error)) throw error;
    throw annotate(error, this.#path);
  }

  /** What a command held for a suspected node fails with if its deadline comes first. */
  #heldError(node: NodeView): TimeoutError {
    const budget = Math.round(this.#deadline - this.#started);
    const name = commandName(this.#args);
    return new TimeoutError(
      `${name} timed out after ${budget} ms waiting for ${node.key}, which has stopped answering (suspected), to answer again or be failed over`,
      { timeout: budget, command: name },
    );
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

/**
 * The `heals`-th pause of a command waiting for the cluster to heal: a short, growing one, cut
 * short near `deadline` so that one last attempt still fits (a cluster that heals in the
 * command's final moments still serves it). False, without waiting, when the cluster is closed
 * or no attempt would fit any more. `close()` and `signal` cancel the pause (it rejects).
 */
export async function healingPause(
  core: ClusterCore,
  deadline: number,
  heals: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const left = deadline - performance.now();
  if (core.closed || left <= LAST_ATTEMPT_MS) return false;
  core.stats.retries++;
  await sleep(core, Math.min(healingDelay(heals), left - LAST_ATTEMPT_MS), signal);
  return true;
}

function sleep(core: ClusterCore, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopWatching = noop;
    const entry = {
      timer: setTimeout(() => {
        core.waits.delete(entry);
        stopWatching();
        resolve();
      }, ms),
      cancel: (error: Error) => {
        clearTimeout(entry.timer);
        core.waits.delete(entry);
        stopWatching();
        reject(error);
      },
    };
    if (signal !== undefined) {
      // On a signal already aborted this cancels at once, before the wait is registered.
      stopWatching = whenAborted(signal, () =>
        entry.cancel(new AbortError('The command was aborted', { cause: signal.reason })),
      );
      if (signal.aborted) return;
    }
    core.waits.add(entry);
  });
}

function commandName(args: readonly CommandArgument[]): string {
  const first = args[0];
  return typeof first === 'string' ? first.toUpperCase() : 'command';
}

function noop(): void {}
