/**
 * A command as data. Building a command (a generated builder, or `sendCommand`'s raw array)
 * yields its arguments and the spec of the command they run; every layer that can execute
 * commands (client, pipeline, transaction, cluster) takes this same value, so each command is
 * declared once and serves them all.
 */
import type { CommandArgument, RespValue } from '@redwire/protocol';

/** One key specification from `COMMAND INFO`: where to start looking, and how to find keys. */
export interface KeySpec {
  readonly beginSearch:
    | { readonly type: 'index'; readonly index: number }
    | { readonly type: 'keyword'; readonly keyword: string; readonly startFrom: number }
    | { readonly type: 'unknown' };
  readonly findKeys:
    | {
        readonly type: 'range';
        readonly lastKey: number;
        readonly keyStep: number;
        readonly limit: number;
      }
    | {
        readonly type: 'keynum';
        readonly keyNumIdx: number;
        readonly firstKey: number;
        readonly keyStep: number;
      }
    | { readonly type: 'unknown' };
  /** Access flags (`RW`, `RO`, `OW`, `RM`, `ACCESS`, `UPDATE`, `INSERT`, `DELETE`, ...). */
  readonly flags: readonly string[];
}

/** What the server says about a command (COMMAND DOCS and COMMAND INFO), as generated. */
export interface CommandSpec {
  /** Upper case, a subcommand after its container: `GET`, `CLIENT SETNAME`. */
  readonly name: string;
  /** COMMAND DOCS group: `string`, `list`, `server`, ... */
  readonly group: string;
  /** Arity as COMMAND INFO gives it: positive is exact, negative is a minimum. */
  readonly arity: number;
  /** COMMAND INFO flags: `write`, `readonly`, `blocking`, `noscript`, ... */
  readonly flags: readonly string[];
  /** COMMAND INFO tips: `request_policy:all_shards`, `response_policy:agg_sum`, `nondeterministic_output`, ... */
  readonly tips: readonly string[];
  readonly keySpecs: readonly KeySpec[];
  readonly summary: string;
  readonly since: string;
  readonly complexity?: string;
}

/** A built command, ready for any executor. `T` is the reply after `transform`. */
export interface BuiltCommand<T = RespValue> {
  /** Every argument, the command name (and subcommand) first. */
  readonly args: readonly CommandArgument[];
  /** The spec, when the command is known (commands sent raw through sendCommand may lack one). */
  readonly spec: CommandSpec | undefined;
  /** Turns the raw reply into the value the method promises; identity when absent. */
  readonly transform?: ((reply: RespValue) => T) | undefined;
}
