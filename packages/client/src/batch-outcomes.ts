/**
 * What a batch's commands came to, gathered without an object per command: the values in
 * order, and, only once something failed, the errors by position. A 1,000-command pipeline
 * in flight then holds its replies and nothing else, and `exec()` hands back the same array.
 */
import type { RespValue } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';
import type { SettledReply } from './errors.js';

/**
 * The outcomes of one batch, filled in as replies arrive: what pipelines and transactions
 * (and the cluster's pipeline, in `@redwire/cluster`) gather before `exec()` answers.
 */
export class BatchOutcomes {
  /** Each command's value, in order; a failed command's slot holds its error too. */
  readonly values: unknown[];
  /** The errors by position; undefined while nothing has failed. */
  errors: (Error | undefined)[] | undefined;
  /** Commands not yet heard from through {@link settle}. */
  #left: number;

  constructor(count: number) {
    this.values = new Array(count);
    this.#left = count;
  }

  /** Records a reply through the command's transform; a transform that throws fails it. */
  reply(command: BuiltCommand<unknown>, index: number, reply: RespValue): void {
    if (command.transform === undefined) {
      this.values[index] = reply;
      return;
    }
    try {
      this.values[index] = command.transform(reply);
    } catch (error) {
      this.fail(index, error as Error);
    }
  }

  /**
   * Records what a connection reported for the command at `index`: its reply, or the error
   * that ended it. Returns true once every command of the batch has been heard from.
   */
  settle(command: BuiltCommand<unknown>, index: number, outcome: RespValue | Error): boolean {
    if (outcome instanceof Error) this.fail(index, outcome);
    else this.reply(command, index, outcome);
    return --this.#left === 0;
  }

  /** Records that the command at `index` failed with `error`. */
  fail(index: number, error: Error): void {
    this.values[index] = error;
    this.errors ??= new Array(this.values.length);
    this.errors[index] = error;
  }

  /** Every outcome in the shape of `Promise.allSettled`. */
  settled(): SettledReply[] {
    const { values, errors } = this;
    const settled = new Array<SettledReply>(values.length);
    for (let i = 0; i < values.length; i++) {
      const error = errors?.[i];
      settled[i] =
        error === undefined
          ? { status: 'fulfilled', value: values[i] }
          : { status: 'rejected', reason: error };
    }
    return settled;
  }
}

/**
 * Outcomes kept for the module's life, never filled: with no batch in flight, a full garbage
 * collection would free their hidden class and throw away the optimized code that checks it
 * (see `SHAPE_KEEPER` in @redwire/connection's pending-command.ts).
 */
export const OUTCOMES_SHAPE_KEEPER: BatchOutcomes = new BatchOutcomes(0);
