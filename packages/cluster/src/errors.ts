/**
 * Errors the cluster layer raises itself (beyond those of the client, the connection and the
 * protocol). Each has a stable `code` and builds on `RedisError`, so `instanceof` works across
 * package copies and one `instanceof RedisError` covers everything redwire raises.
 */
import { RedisError } from '@redwire/protocol';

/**
 * The keys (or shard channels) of one command hash to different slots, and the command cannot be
 * split without changing its meaning (MSETNX would lose its all-or-nothing guarantee, a
 * transaction its atomicity). Raised before anything is sent. Code `REDWIRE_CROSS_SLOT`.
 *
 * Put the keys in one slot with a hash tag: only the part between `{` and `}` is hashed, so
 * `{user:1}:name` and `{user:1}:email` share a slot.
 *
 * @example
 * ```ts
 * try { await cluster.msetnx({ a: '1', b: '2' }); } catch (error) {
 *   if (error instanceof CrossSlotError) console.log(error.command, error.slots); // MSETNX [15495, 3300]
 * }
 * ```
 */
export class CrossSlotError extends RedisError {
  static override readonly brand: string = 'redwire.CrossSlotError';

  /** The command's name, upper case (`MSETNX`, `CLIENT SETNAME`); never its arguments. */
  readonly command: string;
  /** The distinct slots of the command's keys, in the order the keys came. */
  readonly slots: readonly number[];

  /**
   * @param command - the command's name; anything after a subcommand is the caller's to drop
   * @param slots - the distinct slots its keys hash to, in key order
   */
  constructor(command: string, slots: readonly number[]) {
    super(
      `${command} keys hash to different slots (${slots.join(', ')}); a cluster runs it only ` +
        'when every key is in one slot: use a hash tag such as `{user}:a`, `{user}:b`',
      'REDWIRE_CROSS_SLOT',
    );
    this.command = command;
    this.slots = slots;
  }
}

/**
 * A command was redirected (MOVED, ASK) more than `maxRedirections` times without an answer.
 * Code `REDWIRE_TOO_MANY_REDIRECTS`. The last error is the `cause`; `path` lists every step
 * taken, the waits for TRYAGAIN, CLUSTERDOWN or a lost connection included (those are bounded
 * by the command's timeout, not counted), so a redirect loop is plain to see.
 *
 * @example
 * ```ts
 * new TooManyRedirectsError('GET', 866, ['MOVED 127.0.0.1:7002', 'ASK 127.0.0.1:7003', 'TRYAGAIN']);
 * // GET (slot 866) gave up after 3 steps: MOVED 127.0.0.1:7002 -> ASK 127.0.0.1:7003 -> TRYAGAIN
 * ```
 */
export class TooManyRedirectsError extends RedisError {
  static override readonly brand: string = 'redwire.TooManyRedirectsError';

  /** The command's name, upper case; never its arguments. */
  readonly command: string;
  /** The slot the command was routed by; `undefined` for a keyless command. */
  readonly slot: number | undefined;
  /** Every redirection or wait, in order: `MOVED 127.0.0.1:7002`, `ASK 10.0.0.3:6379`, `TRYAGAIN`. */
  readonly path: readonly string[];

  /**
   * @param command - the command's name
   * @param slot - its slot, when it has keys
   * @param path - the redirections and waits taken
   * @param options - `cause`: the last error
   */
  constructor(
    command: string,
    slot: number | undefined,
    path: readonly string[],
    options?: ErrorOptions,
  ) {
    const where = slot === undefined ? command : `${command} (slot ${slot})`;
    super(
      `${where} gave up after ${path.length} ${path.length === 1 ? 'step' : 'steps'}: ${path.join(' -> ')}`,
      'REDWIRE_TOO_MANY_REDIRECTS',
      options,
    );
    this.command = command;
    this.slot = slot;
    this.path = path;
  }
}

/**
 * The cluster has no node to serve the command: no primary serves its slot in the map (or the
 * map has no primary at all), or, during discovery, a node's view serves no slot (not joined
 * yet, or reset; kept as that seed's reason in the `ConnectionError` discovery fails with).
 * Code `REDWIRE_CLUSTER_DOWN`. A server's own `CLUSTERDOWN` reply is waited out within the
 * command's timeout and, if it outlasts it, reaches the caller as that `ReplyError`.
 *
 * @example
 * ```ts
 * throw new ClusterDownError('slot 866 has no owner in the cluster map');
 * ```
 */
export class ClusterDownError extends RedisError {
  static override readonly brand: string = 'redwire.ClusterDownError';

  /**
   * @param message - what is missing, in a sentence
   * @param options - `cause`: the error that showed it
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'REDWIRE_CLUSTER_DOWN', options);
  }
}
