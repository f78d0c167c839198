/**
 * `pipeline()` on a cluster. Each command is routed on its own; each node's share goes to its
 * connection in one `sendEach`, in pipeline order, so it leaves in few writes and all nodes
 * work in parallel. Outcomes come back through a sink, not a promise per command; only a
 * command that failed there (a redirection, a lost node) enters the retry loop, on its own.
 */
import {
  type BuiltCommand,
  type CommandChannel,
  Pipeline,
  type SettledReply,
} from '@redwire/client';
import type { RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { addToSlotBatch, execute, newSlotBatch, sendToSlots } from './execute.js';
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

  override execSettled(): Promise<SettledReply[]> {
    const { commands } = this;
    const replies = new Array<SettledReply>(commands.length);
    if (commands.length === 0) return Promise.resolve(replies);
    return new Promise((resolve) => {
      let left = commands.length;
      const settle = (index: number, reply: SettledReply) => {
        replies[index] = reply;
        if (--left === 0) resolve(replies);
      };
      this.#send(settle);
    });
  }

  /**
   * Routes every command; runs of commands bound for a slot go out together through
   * `sendToSlots` (one `sendEach` per node), the others (keyless, fan-out, split) through
   * `execute`, each after what came before it, so every node sees its commands in order.
   */
  #send(settle: (index: number, reply: SettledReply) => void): void {
    const core = this.#core;
    const settings = this.#settings;
    const commands = this.commands;
    let bound = newSlotBatch();
    let positions: number[] = [];
    // Sends what has gathered so far. Each node must see the commands in pipeline order (a GET
    // after a SET reads it), so this runs before any command that takes another way.
    const flush = () => {
      if (positions.length === 0) return;
      const at = positions;
      sendToSlots(core, settings, bound, (local, outcome) => {
        const index = at[local] as number;
        const command = commands[index] as BuiltCommand<unknown>;
        settle(index, outcome instanceof Error ? rejected(outcome) : fulfilled(command, outcome));
      });
      bound = newSlotBatch();
      positions = [];
    };
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index] as BuiltCommand<unknown>;
      const { args } = command;
      let route: ReturnType<typeof routeCommand>;
      try {
        route = routeCommand(args, command.spec ?? core.specs.lookup(args));
      } catch (error) {
        settle(index, rejected(error));
        continue;
      }
      if (route.kind === 'slot') {
        addToSlotBatch(bound, args, route.slot, route.readOnly);
        positions.push(index);
        continue;
      }
      flush();
      execute(core, args, route, settings).then(
        (reply) => settle(index, fulfilled(command, reply)),
        (error: unknown) => settle(index, rejected(error)),
      );
    }
    flush();
  }
}

/** A reply as `execSettled` reports it; a transform that throws rejects the command. */
function fulfilled(command: BuiltCommand<unknown>, reply: RespValue): SettledReply {
  if (command.transform === undefined) return { status: 'fulfilled', value: reply };
  try {
    return { status: 'fulfilled', value: command.transform(reply) };
  } catch (error) {
    return rejected(error);
  }
}

function rejected(reason: unknown): SettledReply {
  return { status: 'rejected', reason: reason as Error };
}
