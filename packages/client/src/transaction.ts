/**
 * `transaction(keys, fn)`: the optimistic-locking loop of WATCH, read, MULTI/EXEC, retried
 * while a watched key changes underneath, on a connection of its own.
 */
import { checkOptionKeys, optionKeys } from '@redwire/protocol';
import { WatchError } from './errors.js';
import type { Multi } from './multi.js';

/** Options of `transaction()`. */
export interface TransactionOptions {
  /**
   * How many times to run the whole WATCH ... EXEC sequence before giving up with WatchError.
   * @defaultValue 10
   */
  maxAttempts?: number;
}

/** A client on a dedicated connection: what `fn` receives. */
export interface WatchingClient {
  sendCommand(args: readonly string[]): Promise<unknown>;
  multi(): Multi;
}

const DEFAULT_MAX_ATTEMPTS = 10;

/** Every key of {@link TransactionOptions}. */
export const TRANSACTION_OPTION_KEYS = optionKeys<TransactionOptions>({ maxAttempts: true });

/**
 * Runs `fn` under WATCH on `keys` and executes the Multi it returns, again from the WATCH
 * while EXEC is aborted by a concurrent change. `fn` may return undefined to give up without
 * writing (the keys are unwatched).
 *
 * @throws {@link WatchError} when every attempt was aborted
 * @throws RangeError for a maxAttempts that is not a positive integer
 */
export async function runTransaction<C extends WatchingClient>(
  lease: <R>(work: (client: C) => Promise<R>) => Promise<R>,
  keys: readonly string[],
  fn: (client: C) => Promise<Multi | undefined> | Multi | undefined,
  options: TransactionOptions = {},
  where = 'transaction()',
): Promise<unknown[] | undefined> {
  checkOptionKeys(options, TRANSACTION_OPTION_KEYS, where);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(
      `transaction(): maxAttempts must be a positive integer, got ${String(maxAttempts)}`,
    );
  }
  if (keys.length === 0) throw new TypeError('transaction(): give at least one key to WATCH');
  return lease(async (client) => {
    for (let attempt = 1; ; attempt++) {
      await client.sendCommand(['WATCH', ...keys]);
      const multi = await fn(client);
      if (multi === undefined) {
        await client.sendCommand(['UNWATCH']);
        return undefined;
      }
      try {
        return await multi.exec();
      } catch (error) {
        if (!(error instanceof WatchError) || attempt >= maxAttempts) throw error;
      }
    }
  });
}
