/**
 * What pipelines and transactions have in common: they record commands, then send them
 * together. Typed command methods are installed on both from the same builders (each returns
 * the batch, so calls chain); `add` and `sendCommand` take built or raw commands.
 */
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';

/** Sends raw arguments on one particular connection, in call order. */
export interface CommandChannel {
  sendRaw(args: readonly CommandArgument[]): Promise<RespValue>;
}

export abstract class CommandBatch {
  protected readonly commands: BuiltCommand<unknown>[] = [];

  /** Commands recorded so far. */
  get length(): number {
    return this.commands.length;
  }

  /** Records a built command (what the typed methods do). */
  add(command: BuiltCommand<unknown>): this {
    this.commands.push(command);
    return this;
  }

  /** Records any command, untyped. */
  sendCommand(args: readonly CommandArgument[]): this {
    return this.add({ args, spec: undefined });
  }
}

/** Applies a command's transform to its reply, if it has one. */
export function transformed(command: BuiltCommand<unknown>, reply: RespValue): unknown {
  return command.transform === undefined ? reply : command.transform(reply);
}
