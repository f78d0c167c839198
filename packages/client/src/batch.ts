/**
 * What pipelines and transactions have in common: they record commands, then send them
 * together on one connection. Typed command methods are installed on both from the same
 * builders (each returns the batch, so calls chain); `add` and `sendCommand` take built or raw
 * commands. Subclasses say how the commands are sent (`collect`); `exec` and `execSettled` are
 * shared.
 */
import { isTraced, type ReplySink, type ServerAttributes } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { BatchOutcomes } from './batch-outcomes.js';
import type { BuiltCommand } from './command.js';
import { type BatchTrace, batchChannel, commandNameOf } from './diagnostics.js';
import { ExecError, type SettledReply } from './errors.js';
import { refusedOnSharedConnection } from './shared-connection.js';

/** Sends raw arguments on one particular connection, in call order. */
export interface CommandChannel {
  /**
   * The connection carries other callers' commands too: a batch then refuses, as it records
   * them, the commands that would change its state for all of them (see shared-connection.ts).
   */
  readonly shared?: boolean;
  /**
   * Where the batch goes, when it is to be published on `redwire:batch`; absent for batches
   * someone else publishes (a cluster's per-node parts).
   */
  readonly server?: Partial<ServerAttributes> | undefined;
  sendRaw(args: readonly CommandArgument[]): Promise<RespValue>;
  /**
   * Sends many in order, each outcome to `sink.settle(index, outcome)` (see
   * `Connection.sendEach`): a pipeline's way, without a promise per command. Optional: a
   * channel without it is driven through `sendRaw`.
   */
  sendEach?(batch: readonly (readonly CommandArgument[])[], sink: ReplySink): void;
}

export abstract class CommandBatch {
  protected readonly commands: BuiltCommand<unknown>[] = [];
  protected readonly channel: CommandChannel;
  readonly #kind: 'pipeline' | 'transaction';

  protected constructor(channel: CommandChannel, kind: 'pipeline' | 'transaction') {
    this.channel = channel;
    this.#kind = kind;
  }

  /** Commands recorded so far. */
  get length(): number {
    return this.commands.length;
  }

  /**
   * Records a built command (what the typed methods do).
   * @throws ArgumentError when the batch goes to a shared connection and the command would
   * change that connection's state for every caller (SELECT, SUBSCRIBE, CLIENT REPLY, ...)
   */
  add(command: BuiltCommand<unknown>): this {
    if (this.channel.shared === true) {
      const refused = refusedOnSharedConnection(command.args);
      if (refused !== undefined) throw refused;
    }
    this.commands.push(command);
    return this;
  }

  /** Records any command, untyped. */
  sendCommand(args: readonly CommandArgument[]): this {
    return this.add({ args, spec: undefined });
  }

  /**
   * Sends the commands and resolves with their replies in order.
   * @throws {@link ExecError} when any command failed; its `results` hold every outcome
   */
  async exec(): Promise<unknown[]> {
    const outcomes = await this.#collectTraced();
    if (outcomes.errors !== undefined) throw new ExecError(this.#kind, outcomes.settled());
    return outcomes.values;
  }

  /** Sends the commands and resolves with each one's outcome, in order. */
  async execSettled(): Promise<SettledReply[]> {
    return (await this.#collectTraced()).settled();
  }

  /** {@link CommandBatch.collect}, published on `redwire:batch` when the channel says where. */
  #collectTraced(): Promise<BatchOutcomes> {
    const server = this.channel.server;
    if (server === undefined || !isTraced(batchChannel)) return this.collect();
    const context: BatchTrace = {
      kind: this.#kind === 'transaction' ? 'multi' : 'pipeline',
      batchSize: this.commands.length,
      commands: this.commands.map((command) => commandNameOf(command.args, command.spec)),
      ...server,
    };
    return batchChannel.tracePromise(() => this.collect(), context);
  }

  /**
   * Sends the commands and gathers their outcomes; rejects only when the batch as a whole
   * failed (a transaction aborted by WATCH).
   */
  protected abstract collect(): Promise<BatchOutcomes>;
}
