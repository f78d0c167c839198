/**
 * `pipeline()`: commands recorded, then written together and answered in order. Not atomic
 * (other clients' commands may run between them; use `multi()` for that), but one round trip.
 */
import type { CommandArgument } from '@redwire/protocol';
import { CommandBatch, type CommandChannel } from './batch.js';
import { BatchOutcomes } from './batch-outcomes.js';
import type { BuiltCommand } from './command.js';
import { BATCH_EXCLUDED, type BatchCommands, installCommands } from './methods.js';

/**
 * A pipeline of commands for one connection. `exec()` rejects with an ExecError carrying every
 * outcome when a command failed; `execSettled()` never rejects for a failed command.
 *
 * @example
 * ```ts
 * const [ok, n] = await redis.pipeline().sendCommand(['SET', 'a', '1']).sendCommand(['INCR', 'n']).exec();
 * ```
 */
// Declaration merging gives the batch the generated command methods (installed below).
export interface Pipeline extends BatchCommands<Pipeline> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are installed on the prototype at load time (installCommands below)
export class Pipeline extends CommandBatch {
  /** @internal Use `client.pipeline()`. */
  constructor(channel: CommandChannel) {
    super(channel, 'pipeline');
  }

  protected collect(): Promise<BatchOutcomes> {
    const { commands, channel } = this;
    const outcomes = new BatchOutcomes(commands.length);
    if (commands.length === 0) return Promise.resolve(outcomes);
    if (channel.sendEach !== undefined) {
      return new Promise((resolve) => {
        const args = new Array<readonly CommandArgument[]>(commands.length);
        for (let i = 0; i < commands.length; i++) args[i] = (commands[i] as BuiltCommand).args;
        channel.sendEach?.(args, {
          settle(index, outcome) {
            const command = commands[index] as BuiltCommand<unknown>;
            if (outcomes.settle(command, index, outcome)) resolve(outcomes);
          },
        });
      });
    }
    // Sent in one synchronous loop: the connection writes them in one batch, in this order.
    const sent = commands.map((command, index) =>
      this.channel.sendRaw(command.args).then(
        (reply) => outcomes.reply(command, index, reply),
        (reason: unknown) => outcomes.fail(index, reason as Error),
      ),
    );
    return Promise.all(sent).then(() => outcomes);
  }
}

installCommands(
  Pipeline.prototype,
  BATCH_EXCLUDED,
  (batch: Pipeline, command) => batch.add(command),
  'throw',
);

/**
 * A pipeline kept for the module's life, never run, for the reason `OUTCOMES_SHAPE_KEEPER`
 * gives: its hidden class outlives a full garbage collection with no pipeline in use.
 */
export const PIPELINE_SHAPE_KEEPER: Pipeline = new Pipeline({
  sendRaw: () => Promise.reject(new Error('the shape keeper sends nothing')),
});
