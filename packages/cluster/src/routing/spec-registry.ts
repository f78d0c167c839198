/**
 * Which spec a raw command runs: `['client', 'setname', 'x']` is `CLIENT SETNAME`. Starts from
 * the client's generated snapshot and learns from the servers (`COMMAND INFO`), so module
 * commands and commands newer than the snapshot route by the server's own key specs and tips.
 */
import { Buffer } from 'node:buffer';
import {
  type CommandSpec,
  commandSpecFromInfo,
  commandSpecs,
  parseCommandInfo,
} from '@redwire/client';
import type { CommandArgument, RespValue } from '@redwire/protocol';

/** A command name as the caller spelled it, resolved; `spec` is absent for an unknown name. */
interface Resolved {
  /** Upper case. */
  readonly name: string;
  readonly spec: CommandSpec | undefined;
  /** The command has subcommands (`CLIENT`), so the second argument picks the spec. */
  readonly container: boolean;
}

/**
 * Spellings remembered per registry. Names come from code, so there are few; the bound only
 * keeps a caller that builds names from data from growing the map without end.
 */
const MAX_SPELLINGS = 1024;

/**
 * Command specs by name, resolving raw arguments to the spec they run.
 *
 * @example
 * ```ts
 * const registry = new SpecRegistry();
 * registry.lookup(['client', 'setname', 'app'])?.name; // 'CLIENT SETNAME'
 * registry.learn(await node.sendCommand(['COMMAND', 'INFO'])); // ['JSON.GET', ...] (what changed)
 * ```
 */
export class SpecRegistry {
  readonly #specs = new Map<string, CommandSpec>();
  readonly #containers = new Set<string>();
  /** First arguments exactly as callers spelled them (`get`, `GET`, `Get`). */
  readonly #spellings = new Map<string, Resolved>();

  /** @param specs - the starting specs, by upper-case name; the client's snapshot by default */
  constructor(specs: Readonly<Record<string, CommandSpec>> = commandSpecs) {
    for (const spec of Object.values(specs)) this.#add(spec);
  }

  /**
   * The spec `args` run: the subcommand's for a container (`CLIENT SETNAME`); `undefined` for
   * an unknown command, or a container whose subcommand is unknown (the caller routes it
   * anywhere, and may {@link learn} it).
   */
  lookup(args: readonly CommandArgument[]): CommandSpec | undefined {
    const resolved = this.#resolve(args[0]);
    if (!resolved.container) return resolved.spec;
    // A container alone (`['CLIENT']`) is its own spec; the server answers with an arity error.
    if (args.length < 2) return resolved.spec;
    return this.#specs.get(`${resolved.name} ${text(args[1]).toUpperCase()}`);
  }

  /**
   * The command's name as `COMMAND INFO` and errors spell it: upper case, with the subcommand
   * of a known container (`CLIENT NO-EVICT`, known or not). Never any other argument.
   */
  nameOf(args: readonly CommandArgument[]): string {
    const resolved = this.#resolve(args[0]);
    if (!resolved.container || args.length < 2) return resolved.name;
    return `${resolved.name} ${text(args[1]).toUpperCase()}`;
  }

  /** The spec of an upper-case name (`GET`, `CLIENT SETNAME`). */
  get(name: string): CommandSpec | undefined {
    return this.#specs.get(name);
  }

  /**
   * Takes in a server's `COMMAND INFO` reply (RESP2 or RESP3, all commands or some) and returns
   * the names whose spec was added or changed in what routing reads ({@link specsDiffer}).
   * A changed spec keeps the docs of the one it replaces; an unchanged one stays as it was,
   * object and all, so per-spec caches stay warm.
   */
  learn(reply: RespValue): string[] {
    const changed: string[] = [];
    for (const info of parseCommandInfo(reply)) {
      const known = this.#specs.get(info.name);
      const spec = commandSpecFromInfo(info, known);
      if (known !== undefined && !specsDiffer(known, spec)) continue;
      this.#add(spec);
      changed.push(info.name);
    }
    if (changed.length > 0) this.#spellings.clear();
    return changed;
  }

  #add(spec: CommandSpec): void {
    this.#specs.set(spec.name, spec);
    const space = spec.name.indexOf(' ');
    if (space !== -1) this.#containers.add(spec.name.slice(0, space));
  }

  #resolve(first: CommandArgument | undefined): Resolved {
    const spelled = typeof first === 'string' ? first : text(first);
    const known = this.#spellings.get(spelled);
    if (known !== undefined) return known;
    const name = spelled.toUpperCase();
    const resolved: Resolved = {
      name,
      spec: this.#specs.get(name),
      container: this.#containers.has(name),
    };
    if (this.#spellings.size < MAX_SPELLINGS) this.#spellings.set(spelled, resolved);
    return resolved;
  }
}

/**
 * Whether two specs of a command route differently: arity, flags, tips or key specs differ
 * (flags and tips as sets: a RESP3 server sends them as sets). Docs (group, summary) are ignored.
 *
 * @example
 * ```ts
 * specsDiffer(commandSpecs.GET, learnedGet); // false when the server agrees with the snapshot
 * ```
 */
export function specsDiffer(a: CommandSpec, b: CommandSpec): boolean {
  if (a.arity !== b.arity || a.keySpecs.length !== b.keySpecs.length) return true;
  if (!sameSet(a.flags, b.flags) || !sameSet(a.tips, b.tips)) return true;
  for (let i = 0; i < a.keySpecs.length; i++) {
    const x = a.keySpecs[i];
    const y = b.keySpecs[i];
    if (x === undefined || y === undefined || !sameSet(x.flags, y.flags)) return true;
    if (!sameFields(x.beginSearch, y.beginSearch) || !sameFields(x.findKeys, y.findKeys)) {
      return true;
    }
  }
  return false;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
}

/** Equal flat records (a key spec's begin search or find keys). */
function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((key) => x[key] === y[key]);
}

function text(arg: CommandArgument | undefined): string {
  if (arg === undefined) return '';
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number' || typeof arg === 'bigint') return String(arg);
  return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength).toString('latin1');
}
