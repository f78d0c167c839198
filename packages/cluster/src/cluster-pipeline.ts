/**
 * `pipeline()` on a cluster. Each command is routed on its own; each node's share goes to its
 * connection in one `sendEach`, in pipeline order, so it leaves in few writes and all nodes
 * work in parallel. Outcomes come back through a sink, not a promise per command; only a
 * command that failed there (a redirection, a lost node) enters the retry loop, on its own.
 */

import { BatchOutcomes, type BuiltCommand, type CommandChannel, Pipeline } from '@redwire/client';
import type { RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { execute, SlotBatch, sendToSlots } from './execute.js';
import { clusterClosedError } from './node-clients.js';
import type { CallSettings } from './node-send.js';
import { routeCommand } from './routing/route.js';

/** A pipeline whose commands may span nodes; `exec()` keeps the order they were added in. */
export class ClusterPipeline extends Pipeline {
  readonly #core: ClusterCore;
  readonly #settings: CallSettings;

  /** @internal Use `cluster.pipeline()`. */
  constructor(core: ClusterCore, settings: CallSettings, channel: CommandChannel) {
    super(channel);
    this.#core = core;
    this.#settings = settings;
  }

  protected override collect(): Promise<BatchOutcomes> {
    if (this.#core.closed) return Promise.reject(clusterClosedError());
    const { commands } = this;
    const outcomes = new BatchOutcomes(commands.length);
    if (commands.length === 0) return Promise.resolve(outcomes);
    return new Promise((resolve) => {
      this.#send((index, outcome) => {
        const command = commands[index] as BuiltCommand<unknown>;
        if (outcomes.settle(command, index, outcome)) resolve(outcomes);
      });
    });
  }

  /**
   * Routes every command; runs of commands bound for a slot go out together through
   * `sendToSlots` (one `sendEach` per node), the others (keyless, fan-out, split) through
   * `execute`, each after what came before it, so every node sees its commands in order.
   */
  #send(settle: (index: number, outcome: RespValue | Error) => void): void {
    const core = this.#core;
    const settings = this.#settings;
    const commands = this.commands;
    // Sized for the common case, a pipeline whose every command is bound for a slot.
    let bound = new SlotBatch(commands.length);
    let positions = new Array<number>(commands.length);
    // Sends what has gathered so far. Each node must see the commands in pipeline order (a GET
    // after a SET reads it), so this runs before any command that takes another way.
    // `next` is the position of the command after it, to size what gathers next.
    const flush = (next: number) => {
      if (bound.length === 0) return;
      const at = positions;
      sendToSlots(core, settings, bound, (local, outcome) => settle(at[local] as number, outcome));
      bound = new SlotBatch(commands.length - next);
      positions = new Array<number>(commands.length - next);
    };
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index] as BuiltCommand<unknown>;
      const { args } = command;
      let route: ReturnType<typeof routeCommand>;
      try {
        route = routeCommand(args, command.spec ?? core.specs.lookup(args));
      } catch (error) {
        settle(index, error as Error);
        continue;
      }
      if (route.kind === 'slot') {
        positions[bound.length] = index;
        bound.add(args, route.slot, route.readOnly);
        continue;
      }
      flush(index + 1);
      execute(core, args, route, settings).then(
        (reply) => settle(index, reply),
        (error: unknown) => settle(index, error as Error),
      );
    }
    flush(commands.length);
  }
}

/**
 * A cluster pipeline kept for the module's life, never run, for the reason
 * `SLOT_BATCH_SHAPE_KEEPER` gives. It has no cluster: only its hidden class is wanted, and that
 * depends on which fields an instance has, not on what they hold.
 */
export const CLUSTER_PIPELINE_SHAPE_KEEPER: ClusterPipeline = new ClusterPipeline(
  undefined as unknown as ClusterCore,
  { returnBuffers: false },
  { sendRaw: () => Promise.reject(new Error('the shape keeper sends nothing')) },
);
