/**
 * `pipeline()`: commands recorded, then written together and answered in order. Not atomic
 * (other clients' commands may run between them; use `multi()` for that), but one round trip.
 */
import type { RespValue } from '@redwire/protocol';
import { CommandBatch, type CommandChannel, transformed } from './batch.js';
import type { BuiltCommand } from './command.js';
import type { SettledReply } from './errors.js';
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

  execSettled(): Promise<SettledReply[]> {
    const { commands, channel } = this;
    if (channel.sendEach !== undefined) {
      const replies = new Array<SettledReply>(commands.length);
      if (commands.length === 0) return Promise.resolve(replies);
      return new Promise((resolve) => {
        let left = commands.length;
        channel.sendEach?.(
          commands.map((command) => command.args),
          {
            settle(index, outcome) {
              replies[index] = settledReply(commands[index] as BuiltCommand<unknown>, outcome);
              if (--left === 0) resolve(replies);
            },
          },
        );
      });
    }
    // Sent in one synchronous loop: the connection writes them in one batch, in this order.
    const sent = commands.map((command) =>
      this.channel.sendRaw(command.args).then(
        (reply): SettledReply => ({ status: 'fulfilled', value: transformed(command, reply) }),
        (reason: unknown): SettledReply => ({ status: 'rejected', reason: reason as Error }),
      ),
    );
    return Promise.all(sent);
  }
}

/** A command's outcome as `execSettled` reports it; a transform that throws rejects it. */
function settledReply(command: BuiltCommand<unknown>, outcome: RespValue | Error): SettledReply {
  if (outcome instanceof Error) return { status: 'rejected', reason: outcome };
  try {
    return { status: 'fulfilled', value: transformed(command, outcome) };
  } catch (error) {
    return { status: 'rejected', reason: error as Error };
  }
}

installCommands(
  Pipeline.prototype,
  BATCH_EXCLUDED,
  (batch: Pipeline, command) => batch.add(command),
  'throw',
);
