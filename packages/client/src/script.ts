/**
 * Lua scripts defined once and run by their SHA1. `defineScript` computes the digest locally;
 * `run` sends EVALSHA (the script's body crosses the network only when the server lacks it) and
 * answers a `NOSCRIPT` refusal with EVAL, which runs the script and caches it on the server.
 * `add` records EVAL in a pipeline or transaction, for the reason given on it.
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { checkOptionKeys, optionKeys, ReplyError, type RespValue } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';
import type { RedisKey, RedisValue } from './commands/arguments.js';
import { commandBuilders } from './commands/generated/index.js';
import { COMMAND_OPTION_KEYS, type CommandOptions, type CommandSender } from './sender.js';

/** Options of `defineScript`. */
export interface ScriptOptions {
  /** How many keys every call passes (EVAL's `numkeys`); checked on each call. */
  readonly numberOfKeys: number;
  /** A name for messages and inspection. @defaultValue the first 8 hex digits of the SHA1 */
  readonly name?: string | undefined;
  /**
   * The script never writes: run it with EVALSHA_RO / EVAL_RO, which replicas accept and which
   * the server refuses to let write. @defaultValue false
   */
  readonly readOnly?: boolean | undefined;
}

/** The keys and arguments of one call, as EVAL's typed builder takes them. */
export interface ScriptCall {
  /** Exactly `numberOfKeys` keys (`KEYS` in Lua). */
  readonly keys?: readonly RedisKey[] | undefined;
  /** Any other arguments (`ARGV` in Lua). */
  readonly args?: readonly RedisValue[] | undefined;
}

const SCRIPT_OPTION_KEYS = optionKeys<ScriptOptions>({
  numberOfKeys: true,
  name: true,
  readOnly: true,
});
const SCRIPT_CALL_KEYS = optionKeys<ScriptCall>({ keys: true, args: true });

/** Something a call can be recorded in: `pipeline()` or `multi()`. */
export interface ScriptBatch<Self> {
  add(command: BuiltCommand<unknown>): Self;
}

/**
 * A Lua script with its SHA1, made by {@link defineScript}. Immutable; share one per script.
 */
export class Script {
  /** The Lua source, as sent with EVAL. */
  readonly lua: string;
  /** The SHA1 of the source in lower-case hex, as SCRIPT LOAD would answer it. */
  readonly sha1: string;
  /** How many keys every call passes (EVAL's `numkeys`). */
  readonly numberOfKeys: number;
  /** The name given to `defineScript`, else the first 8 hex digits of the SHA1. */
  readonly name: string;
  /** Whether calls go out as EVALSHA_RO / EVAL_RO (replicas accept them; writes are refused). */
  readonly readOnly: boolean;

  /** @internal Use `defineScript`. */
  constructor(lua: string, options: ScriptOptions) {
    checkOptionKeys(options, SCRIPT_OPTION_KEYS, 'new Script()');
    this.lua = lua;
    this.sha1 = scriptSha1(lua);
    this.numberOfKeys = options.numberOfKeys;
    this.name = options.name ?? this.sha1.slice(0, 8);
    this.readOnly = options.readOnly ?? false;
  }

  /**
   * Runs the script on `client` with EVALSHA; when the server answers `NOSCRIPT` (never loaded,
   * flushed, restarted, failed over), sends EVAL instead, which also caches it for next time.
   *
   * @returns the script's reply, as the client's protocol and view give it
   * @throws TypeError (a rejection, nothing sent) when `call.keys` does not hold `numberOfKeys` keys
   * @throws ReplyError when the script itself fails
   * @example
   * ```ts
   * const incrBy = defineScript("return redis.call('INCRBY', KEYS[1], ARGV[1])", { numberOfKeys: 1 });
   * await incrBy.run(redis, { keys: ['counter'], args: [5] }); // 5
   * ```
   */
  async run(
    client: CommandSender,
    call: ScriptCall = {},
    options?: CommandOptions,
  ): Promise<RespValue> {
    if (options !== undefined) checkOptionKeys(options, COMMAND_OPTION_KEYS, `${this.name}.run()`);
    const evalsha = this.#build('evalsha', call);
    try {
      return await client.send(evalsha, options);
    } catch (error) {
      if (!(error instanceof ReplyError) || error.code !== 'NOSCRIPT') throw error;
      return client.send(this.#build('eval', call), options);
    }
  }

  /**
   * Records the script in a pipeline or transaction, and returns it for chaining. This sends
   * EVAL, the whole source: in a batch a `NOSCRIPT` would only be seen once every command has
   * run (in MULTI, after the others took effect), too late to retry in place, and a SCRIPT LOAD
   * before it would add a reply the caller did not ask for. EVAL always succeeds and leaves the
   * script cached for later `run` calls.
   *
   * @throws TypeError when `call.keys` does not hold `numberOfKeys` keys (nothing is recorded)
   * @example `await incrBy.add(redis.multi(), { keys: ['counter'], args: [1] }).exec()`
   */
  add<B extends ScriptBatch<B>>(batch: B, call: ScriptCall = {}): B {
    return batch.add(this.#build('eval', call));
  }

  /** The EVALSHA (or EVALSHA_RO) command for one call, for senders that handle NOSCRIPT themselves. */
  evalshaCommand(call: ScriptCall = {}): BuiltCommand {
    return this.#build('evalsha', call);
  }

  /** The EVAL (or EVAL_RO) command for one call. */
  evalCommand(call: ScriptCall = {}): BuiltCommand {
    return this.#build('eval', call);
  }

  [inspect.custom](): string {
    return `Script ${this.name} (${this.sha1}, ${this.numberOfKeys} keys${this.readOnly ? ', read-only' : ''})`;
  }

  #build(how: 'eval' | 'evalsha', call: ScriptCall): BuiltCommand {
    if (typeof call === 'object' && call !== null) {
      checkOptionKeys(call, SCRIPT_CALL_KEYS, `Script ${this.name}`);
    }
    const keys = checkKeys(this, call.keys);
    const args = call.args ?? [];
    if (!Array.isArray(args)) {
      throw new TypeError(`Script ${this.name}: args must be an array, got ${typeof args}`);
    }
    const options = { keys, args };
    if (how === 'evalsha') {
      return this.readOnly
        ? commandBuilders.evalshaRo(this.sha1, options)
        : commandBuilders.evalsha(this.sha1, options);
    }
    return this.readOnly
      ? commandBuilders.evalRo(this.lua, options)
      : commandBuilders.eval(this.lua, options);
  }
}

/**
 * Defines a Lua script to run by SHA1 with `script.run(client, { keys, args })`, or to record
 * in a batch with `script.add(pipeline, { keys, args })`.
 *
 * @throws TypeError when `lua` is not a string or `numberOfKeys` is not a whole number >= 0
 * @example
 * ```ts
 * const getAndTouch = defineScript(
 *   "redis.call('EXPIRE', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])",
 *   { numberOfKeys: 1, name: 'getAndTouch' },
 * );
 * const value = await getAndTouch.run(redis, { keys: ['session:1'], args: [60] });
 * ```
 */
export function defineScript(lua: string, options: ScriptOptions): Script {
  if (typeof lua !== 'string') {
    throw new TypeError(`defineScript(): the Lua source must be a string, got ${typeof lua}`);
  }
  if (typeof options === 'object' && options !== null) {
    checkOptionKeys(options, SCRIPT_OPTION_KEYS, 'defineScript()');
  }
  const n = options?.numberOfKeys;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TypeError(
      `defineScript(): numberOfKeys must be a whole number >= 0, got ${String(n)}`,
    );
  }
  return new Script(lua, options);
}

/** The SHA1 Redis names a script by: of its UTF-8 bytes, in lower-case hex. */
export function scriptSha1(lua: string): string {
  return createHash('sha1').update(lua, 'utf8').digest('hex');
}

function checkKeys(script: Script, keys: readonly RedisKey[] | undefined): readonly RedisKey[] {
  const given = keys ?? [];
  if (!Array.isArray(given)) {
    throw new TypeError(`Script ${script.name}: keys must be an array, got ${typeof given}`);
  }
  if (given.length !== script.numberOfKeys) {
    throw new TypeError(
      `Script ${script.name} takes ${script.numberOfKeys} keys, got ${given.length}`,
    );
  }
  return given;
}
