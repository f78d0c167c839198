/**
 * MULTI ... EXEC on a cluster. `Multi` writes MULTI, its commands and EXEC through a channel in
 * one synchronous loop; this channel holds them until EXEC, checks that every key shares one
 * slot (else `CrossSlotError`, nothing sent), and forwards the whole block to that slot's
 * primary in one go, so it stays contiguous on one connection. When the slot moved before the
 * block reached it (the queued commands answer MOVED/ASK and EXEC answers EXECABORT: nothing
 * ran), the block is sent again to the new owner, up to `maxRedirections` times. When the
 * owner's connection is down and nothing of the block was written, it waits for the cluster to
 * heal and sends the block again, as a single command would, within `commandTimeout`.
 */
import { performance } from 'node:perf_hooks';
import type { CommandChannel } from '@redwire/client';
import { CONNECTION_DEFAULTS, ConnectionError } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { ClusterDownError, CrossSlotError, TooManyRedirectsError } from './errors.js';
import { clientOf } from './node-send.js';
import { classify, type Verdict } from './redirection.js';
import { routeCommand } from './routing/route.js';
import { healingPause, learnMoved } from './slot-attempts.js';
import { nodeKey } from './topology/address.js';
import type { SlotMap } from './topology/slot-map.js';
import type { NodeAddress } from './topology/types.js';

interface Held {
  readonly args: readonly CommandArgument[];
  readonly resolve: (reply: RespValue) => void;
  readonly reject: (error: unknown) => void;
}

/** A channel for one `Multi`: collects the block, sends it on EXEC. */
export function transactionChannel(core: ClusterCore, returnBuffers: boolean): CommandChannel {
  let held: Held[] = [];
  return {
    // The block goes to the owner's shared connection.
    shared: true,
    // Published on redwire:batch; the owner is known only once EXEC is sent.
    server: { database: 0 },
    sendRaw(args) {
      return new Promise<RespValue>((resolve, reject) => {
        held.push({ args, resolve, reject });
        if (String(args[0]).toUpperCase() !== 'EXEC') return;
        const block = held;
        held = [];
        runBlock(core, block, returnBuffers).catch((error: unknown) => {
          for (const entry of block) entry.reject(error);
        });
      });
    },
  };
}

async function runBlock(core: ClusterCore, block: Held[], returnBuffers: boolean): Promise<void> {
  const slot = blockSlot(core, block);
  let address = ownerOf(await core.topology.ready(), slot);
  const path: string[] = [];
  const deadline =
    performance.now() + (core.options.commandTimeout || CONNECTION_DEFAULTS.commandTimeout);
  let heals = 0;
  let redirections = 0;
  for (;;) {
    if (address === undefined) {
      throw new ClusterDownError(`No primary serves slot ${slot ?? 'of the transaction'}`);
    }
    const channel = clientOf(core, address, returnBuffers).batchChannel();
    const replies = block.map((entry) => channel.sendRaw(entry.args).then(ok, fail));
    const outcomes = await Promise.all(replies);
    if (nothingWritten(outcomes)) {
      // The owner's connection is down (killed, failing over): nothing ran, so once the cluster
      // had a moment to heal, ask the map again.
      core.topology.requestRefresh();
      if (await healingPause(core, deadline, ++heals, undefined)) {
        path.push(`connection to ${nodeKey(address)} failed`);
        address = ownerOf(await core.topology.ready(), slot);
        continue;
      }
    }
    // A queued command redirected means EXEC answered EXECABORT: nothing ran.
    const redirection = firstRedirection(core, outcomes, address.host);
    if (redirection === undefined || redirections >= core.options.maxRedirections) {
      if (redirection !== undefined) {
        const error = new TooManyRedirectsError('MULTI', slot, path, { cause: redirection.error });
        for (const entry of block) entry.reject(error);
        return;
      }
      block.forEach((entry, i) => {
        const outcome = outcomes[i] as Outcome;
        if (outcome.error === undefined) entry.resolve(outcome.value as RespValue);
        else entry.reject(outcome.error);
      });
      return;
    }
    // Follow the redirection with the whole block.
    redirections++;
    const { verdict } = redirection;
    path.push(`${verdict.kind === 'moved' ? 'MOVED' : 'ASK'} ${nodeKey(verdict.address)}`);
    if (verdict.kind === 'moved') {
      await learnMoved(core, verdict.slot, verdict.address, nodeKey(address));
      address = verdict.address;
    } else {
      // ASKING covers one command, not a block: wait for the migration to end, then ask the
      // owner the refreshed map names.
      core.stats.ask++;
      address = await ownerAfterRefresh(core, verdict.slot);
    }
  }
}

/** The first MOVED or ASK among the block's replies, as redirection.ts reads it. */
function firstRedirection(
  core: ClusterCore,
  outcomes: readonly Outcome[],
  host: string,
): { error: unknown; verdict: Extract<Verdict, { kind: 'moved' | 'ask' }> } | undefined {
  for (const { error } of outcomes) {
    if (error === undefined) continue;
    const verdict = classify(error, host, core.options.nodeAddressMap);
    if (verdict.kind === 'moved' || verdict.kind === 'ask') return { error, verdict };
  }
  return undefined;
}

/** Every command of the block failed on a connection that wrote none of it. */
function nothingWritten(outcomes: readonly Outcome[]): boolean {
  return outcomes.every(({ error }) => error instanceof ConnectionError && error.written !== true);
}

/** The primary a block for `slot` goes to (any primary for a block without keys). */
function ownerOf(map: SlotMap, slot: number | undefined): NodeAddress | undefined {
  return slot === undefined ? map.primaries()[0]?.address : map.primaryFor(slot)?.address;
}

async function ownerAfterRefresh(
  core: ClusterCore,
  slot: number,
): Promise<NodeAddress | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return ownerOf(await core.topology.refresh(), slot);
}

interface Outcome {
  readonly value?: RespValue;
  readonly error?: unknown;
}

function ok(value: RespValue): Outcome {
  return { value };
}

function fail(error: unknown): Outcome {
  return { error };
}

/** The one slot of every key in the block; `undefined` when it has no key at all. */
function blockSlot(core: ClusterCore, block: readonly Held[]): number | undefined {
  const slots = new Set<number>();
  for (const { args } of block) {
    const route = routeCommand(args, core.specs.lookup(args));
    if (route.kind === 'slot') slots.add(route.slot);
    else if (route.kind === 'split') for (const part of route.parts) slots.add(part.slot);
  }
  if (slots.size > 1) throw new CrossSlotError('MULTI', [...slots]);
  return slots.values().next().value;
}
