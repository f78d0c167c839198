/**
 * Turns a typed builder's parameters into a command's arguments, following a shape that the
 * generator derived from COMMAND DOCS (see scripts/generate-commands.ts for the mapping rules).
 * The shape lists the command's arguments in the order the server reads them; each says where
 * its value comes from (a positional parameter, or a field of the options object or of an
 * enclosing block) and how to check and spell it. One interpreter for every command keeps the
 * generated files to data and signatures, and every check goes through `arguments.ts`.
 */
import { type CommandArgument, checkOptionKeys, type OptionKeySet } from '@redwire/protocol';
import type { BuiltCommand, CommandSpec } from '../command.js';
import {
  argumentError,
  checkArray,
  checkChoice,
  checkDouble,
  checkExclusive,
  checkFlag,
  checkInteger,
  checkKey,
  checkObject,
  checkPairs,
  checkRawArguments,
  checkScore,
  checkUnixTime,
  checkValue,
  elementLabel,
  isSet,
} from './arguments.js';

/** How a single value is checked and sent. */
export type ValueKind =
  | 'key'
  | 'value'
  | 'integer'
  | 'double'
  | 'score'
  | 'unix-seconds'
  | 'unix-milliseconds';

interface Placed {
  /** Parameter name (positional) or field name (in an options object or block). */
  readonly name: string;
  /** Index of the positional parameter; absent for a field. */
  readonly at?: number;
  /** The token sent before the value (`EX`, `LIMIT`). */
  readonly token?: string;
  readonly optional?: true;
  /** An array of values: the token once (`'once'`) or before each one (`'each'`). */
  readonly multiple?: 'once' | 'each';
}

/** The shape of one argument. */
export type ArgShape =
  | (Placed & { readonly type: ValueKind })
  /** A pure token as a boolean field. */
  | (Placed & { readonly type: 'flag'; readonly token: string })
  /** One of fixed tokens (`'LEFT' | 'RIGHT'`), or, with `value`, a value of that kind. */
  | (Placed & {
      readonly type: 'choice';
      readonly tokens: readonly string[];
      readonly value?: ValueKind;
    })
  /** An object whose fields are `members`; `orTrue` when `true` stands for `{}`. */
  | (Placed & { readonly type: 'block'; readonly members: CommandShape; readonly orTrue?: true })
  /** Name/value pairs, sent `n1 v1 n2 v2` or, `columnar`, `n1 n2 v1 v2`. */
  | (Placed & {
      readonly type: 'pairs';
      readonly kinds: readonly [ValueKind, ValueKind];
      readonly columnar?: true;
    })
  /** An object (or array of objects) holding exactly one of `members`. */
  | (Placed & { readonly type: 'oneof'; readonly members: CommandShape })
  /** Fields kept in the enclosing object; sent when any is set (then all required ones). */
  | { readonly type: 'group'; readonly optional?: true; readonly members: CommandShape }
  /** Fields kept in the enclosing object, at most one set (exactly one unless optional). */
  | { readonly type: 'exclusive'; readonly optional?: true; readonly members: CommandShape }
  /** The number of values in the sibling `of` (numkeys), computed, never passed. */
  | { readonly type: 'count'; readonly of: string };

/** A command's arguments after its name, in the order the server reads them. */
export type CommandShape = readonly ArgShape[];

interface Scope {
  readonly method: string;
  readonly positional: readonly unknown[];
  readonly fields: Record<string, unknown>;
  /** Dotted prefix of field labels inside blocks (`limit.`). */
  readonly path: string;
}

/**
 * Builds a command from its spec, shape and the builder's parameters.
 *
 * @throws TypeError when a parameter or option is missing or of the wrong type.
 */
export function buildCommand(
  method: string,
  spec: CommandSpec,
  shape: CommandShape,
  positional: readonly unknown[],
  options?: unknown,
  optionsRequired = false,
): BuiltCommand {
  const name = nameOf(spec);
  if (options === undefined && !optionsRequired) {
    const plain = plainPlanOf(shape);
    if (plain !== null) {
      return { args: plainArgs(method, name, plain, positional), spec, transform: undefined };
    }
  }
  const args: CommandArgument[] = name.slice();
  let fields: Record<string, unknown> = {};
  if (options !== undefined || optionsRequired) {
    fields = checkObject(method, 'argument "options"', options);
    checkOptionKeys(fields, fieldKeysOf(shape), `${method}()`);
  }
  emitAll(shape, { method, positional, fields, path: '' }, args);
  // Every built command has the same three fields, so a method can set its reply transform on
  // it (see methods.ts) without a second object or a change of shape.
  return { args, spec, transform: undefined };
}

/**
 * A shape that, called without options, is only single positional values (`get(key)`,
 * `set(key, value)`), possibly ending in one list of values without a token (`mget(...keys)`,
 * `sadd(key, ...members)`): their kinds and labels, so such calls skip walking the shape. Every
 * value still goes through the same check as on the long way.
 */
interface PlainPlan {
  readonly kinds: readonly ValueKind[];
  readonly labels: readonly string[];
  /** The list that ends the call, if any. */
  readonly rest: PlainRest | undefined;
}

/** The list of values that ends a plain call: all of them sent, one argument each. */
interface PlainRest {
  readonly kind: ValueKind;
  readonly label: string;
  /** Key or value: a string is sent as it is, without a check or a label (most calls). */
  readonly takesStrings: boolean;
}

const plainPlans = new WeakMap<CommandShape, PlainPlan | null>();
const names = new WeakMap<CommandSpec, readonly string[]>();

/** A command's name as arguments (`['CLIENT', 'KILL']`), split once per spec. */
function nameOf(spec: CommandSpec): readonly string[] {
  let parts = names.get(spec);
  if (parts === undefined) {
    parts = spec.name.split(' ');
    names.set(spec, parts);
  }
  return parts;
}

/**
 * The arguments of a plain call, in an array of exactly their number: a pipeline keeps every
 * command's arguments until its replies are in, so growing an array by push (which reserves
 * room for sixteen more) would multiply what it holds.
 */
function plainArgs(
  method: string,
  name: readonly string[],
  plain: PlainPlan,
  positional: readonly unknown[],
): CommandArgument[] {
  const { kinds, labels, rest } = plain;
  const at = name.length;
  const singles = kinds.length;
  let items: readonly unknown[] = [];
  if (rest !== undefined) {
    // A single value is accepted where several are allowed (`del('key')`), as on the long way.
    const value = positional[singles];
    items = checkArray(method, rest.label, Array.isArray(value) ? value : [value], true);
  }
  const args = new Array<CommandArgument>(at + singles + items.length);
  for (let i = 0; i < at; i++) args[i] = name[i] as string;
  for (let i = 0; i < singles; i++) {
    args[at + i] = checkKind(kinds[i] as ValueKind, method, labels[i] as string, positional[i]);
  }
  if (rest === undefined) return args;
  const { kind, label, takesStrings } = rest;
  const first = at + singles;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    args[first + index] =
      takesStrings && typeof item === 'string'
        ? item
        : checkKind(kind, method, elementLabel(label, index), item);
  }
  return args;
}

function plainPlanOf(shape: CommandShape): PlainPlan | null {
  let plan = plainPlans.get(shape);
  if (plan === undefined) {
    plan = derivePlainPlan(shape);
    plainPlans.set(shape, plan);
  }
  return plan;
}

/** Every {@link ValueKind}: a shape entry of one of these types is a single checked value. */
export const VALUE_KINDS: ReadonlySet<string> = new Set<ValueKind>([
  'key',
  'value',
  'integer',
  'double',
  'score',
  'unix-seconds',
  'unix-milliseconds',
]);

function derivePlainPlan(shape: CommandShape): PlainPlan | null {
  const kinds: ValueKind[] = [];
  const labels: string[] = [];
  let rest: PlainRest | undefined;
  let i = 0;
  for (; i < shape.length; i++) {
    const arg = shape[i] as ArgShape;
    if (!('at' in arg) || arg.at === undefined) break;
    const simple =
      rest === undefined &&
      VALUE_KINDS.has(arg.type) &&
      arg.at === i &&
      arg.token === undefined &&
      arg.optional !== true &&
      (arg.multiple === undefined || arg.multiple === 'once');
    if (!simple) return null;
    const label = `argument "${arg.name}"`;
    if (arg.multiple === 'once') {
      const takesStrings = arg.type === 'key' || arg.type === 'value';
      rest = { kind: arg.type as ValueKind, label, takesStrings };
      continue;
    }
    kinds.push(arg.type as ValueKind);
    labels.push(label);
  }
  // The rest must send nothing when no option is given: optional fields, groups and choices.
  for (; i < shape.length; i++) {
    const arg = shape[i] as ArgShape;
    if (arg.type === 'count' || arg.optional !== true) return null;
    if ('at' in arg && arg.at !== undefined) return null;
  }
  return { kinds, labels, rest };
}

/**
 * Builds a command the generator could not type: the arguments after its name, as given.
 *
 * @throws TypeError when an argument is not a string, Buffer, finite number or bigint.
 */
export function buildRawCommand(
  method: string,
  spec: CommandSpec,
  args: readonly unknown[],
): BuiltCommand {
  const built = [...spec.name.split(' '), ...checkRawArguments(method, args)];
  return { args: built, spec, transform: undefined };
}

const fieldKeys = new WeakMap<CommandShape, OptionKeySet>();

/**
 * The fields an options object (or a block) of `shape` may hold: its own, and those of the
 * groups and exclusive sets kept in it. Any other key is refused, so a misspelt option (`nxx`)
 * is an error instead of a command sent without it.
 */
function fieldKeysOf(shape: CommandShape): OptionKeySet {
  let keys = fieldKeys.get(shape);
  if (keys === undefined) {
    const found = new Set<string>();
    collectFields(shape, found);
    keys = found;
    fieldKeys.set(shape, keys);
  }
  return keys;
}

function collectFields(shape: CommandShape, into: Set<string>): void {
  for (const arg of shape) {
    if (arg.type === 'count') continue;
    if (arg.type === 'group' || arg.type === 'exclusive') collectFields(arg.members, into);
    else if (arg.at === undefined) into.add(arg.name);
  }
}

function emitAll(shape: CommandShape, scope: Scope, out: CommandArgument[]): void {
  for (const arg of shape) emit(arg, scope, shape, out);
}

function valueFor(arg: Placed, scope: Scope): unknown {
  return arg.at === undefined ? scope.fields[arg.name] : scope.positional[arg.at];
}

function label(arg: Placed, scope: Scope): string {
  return arg.at === undefined ? `option "${scope.path}${arg.name}"` : `argument "${arg.name}"`;
}

/** Whether a field-only shape (flag, group, exclusive) or a placed one has a value. */
function present(arg: ArgShape, scope: Scope): boolean {
  if (arg.type === 'count') return false;
  if (arg.type === 'group' || arg.type === 'exclusive') {
    return arg.members.some((member) => present(member, scope));
  }
  return isSet(valueFor(arg, scope));
}

function emit(arg: ArgShape, scope: Scope, siblings: CommandShape, out: CommandArgument[]): void {
  switch (arg.type) {
    case 'count':
      out.push(countOf(arg.of, scope, siblings));
      return;
    case 'group':
      if (arg.optional !== true || present(arg, scope)) emitAll(arg.members, scope, out);
      return;
    case 'exclusive': {
      const names = arg.members.map(fieldName);
      const chosen = checkExclusive(scope.method, scope.fields, names, arg.optional !== true);
      const member = arg.members.find((candidate) => fieldName(candidate) === chosen);
      if (member !== undefined) emit(member, scope, siblings, out);
      return;
    }
    default:
      emitPlaced(arg, scope, out);
  }
}

function fieldName(arg: ArgShape): string {
  return 'name' in arg ? arg.name : '';
}

function countOf(name: string, scope: Scope, siblings: CommandShape): number {
  const target = siblings.find((arg) => fieldName(arg) === name) as Placed | undefined;
  if (target === undefined) return 0;
  const value = valueFor(target, scope);
  if (value === undefined) return 0;
  return Array.isArray(value) ? value.length : 1;
}

type PlacedShape = Exclude<ArgShape, { type: 'count' | 'group' | 'exclusive' }>;

function emitPlaced(arg: PlacedShape, scope: Scope, out: CommandArgument[]): void {
  const value = valueFor(arg, scope);
  const what = label(arg, scope);
  if (value === undefined && arg.optional === true) return;
  if (arg.type === 'flag') {
    if (checkFlag(scope.method, what, value)) out.push(arg.token);
    return;
  }
  if (arg.type === 'pairs') {
    emitPairs(arg, value, what, scope, out);
    return;
  }
  if (arg.multiple === undefined) {
    if (arg.token !== undefined) out.push(arg.token);
    emitOne(arg, value, what, scope, out);
    return;
  }
  // A single value is accepted where several are allowed (`blpop('queue', 0)`).
  const items = Array.isArray(value) ? value : [value];
  checkArray(scope.method, what, items, arg.optional !== true);
  if (arg.token !== undefined && arg.multiple === 'once' && items.length > 0) out.push(arg.token);
  const plainStrings = arg.token === undefined && (arg.type === 'key' || arg.type === 'value');
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    // A string is a valid key or value as it is: no label is built for it (`mget(...keys)`).
    if (plainStrings && typeof item === 'string') {
      out.push(item);
      continue;
    }
    if (arg.token !== undefined && arg.multiple === 'each') out.push(arg.token);
    emitOne(arg, item, elementLabel(what, index), scope, out);
  }
}

function emitOne(
  arg: PlacedShape,
  value: unknown,
  what: string,
  scope: Scope,
  out: CommandArgument[],
): void {
  switch (arg.type) {
    case 'choice':
      if (arg.value !== undefined && !isToken(value, arg.tokens)) {
        out.push(checkKind(arg.value, scope.method, what, value));
      } else {
        out.push(checkChoice(scope.method, what, value, arg.tokens));
      }
      return;
    case 'block': {
      if (arg.orTrue === true && value === true) return;
      const fields = checkObject(scope.method, what, value);
      const inner = nested(scope, fields, what);
      checkOptionKeys(fields, fieldKeysOf(arg.members), `${scope.method}()`, inner.path);
      emitAll(arg.members, inner, out);
      return;
    }
    case 'oneof': {
      const fields = checkObject(scope.method, what, value);
      const inner = nested(scope, fields, what);
      checkOptionKeys(fields, fieldKeysOf(arg.members), `${scope.method}()`, inner.path);
      const names = arg.members.map(fieldName);
      const chosen = checkExclusive(scope.method, fields, names, true, `${what} fields`);
      const member = arg.members.find((candidate) => fieldName(candidate) === chosen);
      if (member !== undefined) emit(member, inner, arg.members, out);
      return;
    }
    case 'flag':
    case 'pairs':
      return;
    default:
      out.push(checkKind(arg.type, scope.method, what, value));
  }
}

function nested(scope: Scope, fields: Record<string, unknown>, what: string): Scope {
  // `option "limit"` -> fields labelled `option "limit.offset"`.
  const name = what.slice(what.indexOf('"') + 1, -1);
  return { method: scope.method, positional: [], fields, path: `${name}.` };
}

function isToken(value: unknown, tokens: readonly string[]): boolean {
  return typeof value === 'string' && tokens.some((t) => t.toUpperCase() === value.toUpperCase());
}

function emitPairs(
  arg: Extract<ArgShape, { type: 'pairs' }>,
  value: unknown,
  what: string,
  scope: Scope,
  out: CommandArgument[],
): void {
  const pairs = checkPairs(scope.method, what, value, arg.optional !== true);
  const [nameKind, valueKind] = arg.kinds;
  const names = pairs.map(([name], i) =>
    checkKind(nameKind, scope.method, `${what} name ${i}`, name),
  );
  const values = pairs.map(([, v], i) =>
    checkKind(valueKind, scope.method, `${what} value ${i}`, v),
  );
  if (arg.columnar === true) {
    if (arg.token !== undefined && pairs.length > 0) out.push(arg.token);
    out.push(...names, ...values);
    return;
  }
  names.forEach((name, i) => {
    const first = i === 0 && arg.multiple !== 'each';
    if (arg.token !== undefined && (first || arg.multiple === 'each')) out.push(arg.token);
    out.push(name, values[i] as CommandArgument);
  });
}

function checkKind(kind: ValueKind, method: string, what: string, value: unknown): CommandArgument {
  switch (kind) {
    case 'key':
      return checkKey(method, what, value);
    case 'value':
      return checkValue(method, what, value);
    case 'integer':
      return checkInteger(method, what, value);
    case 'double':
      return checkDouble(method, what, value);
    case 'score':
      return checkScore(method, what, value);
    case 'unix-seconds':
      return checkUnixTime(method, what, value, 'seconds');
    case 'unix-milliseconds':
      return checkUnixTime(method, what, value, 'milliseconds');
    default:
      throw argumentError(method, what, 'a known kind', kind);
  }
}
