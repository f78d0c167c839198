/**
 * From one command's COMMAND DOCS argument tree to what the generator emits: the runtime shape
 * (src/commands/build-command.ts) and the TypeScript signature. The mapping rules are written
 * down at the top of scripts/generate-commands.ts; this file implements them.
 */
import {
  type ArgShape,
  type CommandShape,
  VALUE_KINDS,
  type ValueKind,
} from '../src/commands/build-command.js';
import {
  argumentPatches,
  type DocArgument,
  renames,
  reservedNames,
  typeFixes,
  untyped,
} from './overrides.js';

/** A parameter of the generated builder, in signature order. */
export interface Param {
  readonly name: string;
  readonly type: string;
  readonly kind: 'required' | 'optional' | 'rest' | 'options';
}

/** A builder the generator can type. */
export interface TypedPlan {
  readonly typed: true;
  readonly shape: CommandShape;
  readonly params: readonly Param[];
  /** Body of the options interface (`{ ... }`), when the builder has an options object. */
  readonly optionsType: string | undefined;
}

/** A builder left untyped (`...args`), and why. */
export interface UntypedPlan {
  readonly typed: false;
  readonly reason: string;
}

class Unsupported extends Error {}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Placed = Extract<ArgShape, { name: string }>;

/** `unix-time-seconds` -> `unixTimeSeconds`. */
export function camel(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  return words
    .map((word, i) =>
      i === 0 ? word.toLowerCase() : word[0]?.toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join('');
}

function plural(name: string): string {
  if (/(s|x|sh|ch)$/.test(name)) return `${name}es`;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

const IDENTIFIER_TOKEN = /^[A-Za-z][A-Za-z0-9_-]*$/;

function isMultiple(a: DocArgument): boolean {
  return a.flags?.includes('multiple') === true;
}

function isOptional(a: DocArgument): boolean {
  return a.flags?.includes('optional') === true;
}

function nameOf(command: string, a: DocArgument): string {
  const renamed = renames[command]?.[a.name];
  if (renamed !== undefined) return renamed;
  if (a.token !== undefined && IDENTIFIER_TOKEN.test(a.token)) return camel(a.token);
  const base = camel(a.name);
  return isMultiple(a) ? plural(base) : base;
}

function kindOf(command: string, a: DocArgument): ValueKind | undefined {
  const type = typeFixes[command]?.[a.name] ?? a.type;
  switch (type) {
    case 'key':
      return 'key';
    case 'string':
    case 'pattern':
      return 'value';
    case 'integer':
      return 'integer';
    case 'double':
      return 'double';
    case 'score':
      return 'score';
    case 'unix-time':
      return a.token === 'PXAT' || a.name.includes('milliseconds')
        ? 'unix-milliseconds'
        : 'unix-seconds';
    default:
      return undefined;
  }
}

function isSimple(shape: ArgShape): shape is Placed & { type: ValueKind } {
  return VALUE_KINDS.has(shape.type);
}

function placed(command: string, a: DocArgument): Mutable<Placed> {
  const out: Record<string, unknown> = { name: nameOf(command, a) };
  if (a.token !== undefined) out.token = a.token;
  if (isOptional(a)) out.optional = true;
  if (isMultiple(a)) out.multiple = a.flags?.includes('multiple_token') ? 'each' : 'once';
  return out as Mutable<Placed>;
}

function convert(command: string, a: DocArgument): ArgShape {
  const base = placed(command, a);
  const kind = kindOf(command, a);
  if (kind !== undefined) return { ...base, type: kind } as ArgShape;
  const members = (a.arguments ?? []).map((member) => convert(command, member));
  switch (a.type) {
    case 'pure-token':
      // Required pure tokens occur only as alternatives of a oneof, which decides about them.
      if (a.token === undefined) throw new Unsupported(`pure token ${a.name} without a token`);
      return { name: base.name, type: 'flag', token: a.token, optional: true };
    case 'block':
      return convertBlock(command, a, base, members);
    case 'oneof':
      return convertOneof(a, base, members);
    default:
      throw new Unsupported(`argument type ${a.type}`);
  }
}

function convertBlock(
  command: string,
  a: DocArgument,
  base: Mutable<Placed>,
  members: ArgShape[],
): ArgShape {
  const [first, second] = members;
  // A block of one plain value is that value (`CONFIG GET parameter [parameter ...]`).
  if (members.length === 1 && first !== undefined && isSimple(first) && first.token === undefined) {
    const multiple = base.multiple ?? first.multiple;
    return { ...base, ...(multiple === undefined ? {} : { multiple }), type: first.type };
  }
  if (members.length === 2 && first !== undefined && second !== undefined) {
    const plain = [first, second].every((m) => isSimple(m) && m.token === undefined);
    // `field value [field value ...]`: name/value pairs.
    if (
      plain &&
      base.multiple !== undefined &&
      (first.type === 'key' || first.type === 'value') &&
      second.type === 'value'
    ) {
      // Untokened pairs are the command's entries (`mset(entries)`, `hset(key, entries)`).
      const name =
        a.token === undefined && renames[command]?.[a.name] === undefined ? 'entries' : base.name;
      return { ...base, name, type: 'pairs', kinds: [first.type, second.type as ValueKind] };
    }
    // `key [key ...] id [id ...]`: pairs sent as all names, then all values.
    if (plain && base.multiple === undefined && 'multiple' in first && 'multiple' in second) {
      const kinds = [first.type, second.type] as [ValueKind, ValueKind];
      return { ...base, type: 'pairs', kinds, columnar: true };
    }
  }
  // An untokened block only groups its members: they stay fields of the enclosing object.
  if (a.token === undefined && base.multiple === undefined) {
    return { type: 'group', ...(isOptional(a) ? { optional: true } : {}), members };
  }
  const allOptional = members.every((m) => 'optional' in m && m.optional === true);
  return {
    ...base,
    type: 'block',
    members,
    ...(a.token !== undefined && allOptional ? { orTrue: true } : {}),
  };
}

function convertOneof(a: DocArgument, base: Mutable<Placed>, members: ArgShape[]): ArgShape {
  const tokens = members.map((m) => (m.type === 'flag' ? m.token : undefined));
  const allPure = tokens.every((t) => t !== undefined);
  const allTokened = members.every((m) => 'token' in m && m.token !== undefined);
  const multiple = base.multiple !== undefined;
  if (allPure && !multiple && (a.token !== undefined || !isOptional(a))) {
    return { ...base, type: 'choice', tokens: tokens as string[] };
  }
  if (allTokened && a.token === undefined && !multiple) {
    const loose = members.map((m) => ({ ...m, optional: true }) as ArgShape);
    return { type: 'exclusive', ...(isOptional(a) ? { optional: true } : {}), members: loose };
  }
  if (allTokened) return { ...base, type: 'oneof', members };
  const valued = members.filter((m) => m.type !== 'flag');
  const [only] = valued;
  if (valued.length === 1 && only !== undefined && isSimple(only) && only.token === undefined) {
    const pureTokens = tokens.filter((t): t is string => t !== undefined);
    return { ...base, type: 'choice', tokens: pureTokens, value: only.type };
  }
  throw new Unsupported(`oneof ${a.name} mixes valued alternatives`);
}

/** Plans the builder of one command (not a bare container). */
export function planCommand(
  name: string,
  docArgs: readonly DocArgument[] | undefined,
): TypedPlan | UntypedPlan {
  const reason = untyped[name];
  if (reason !== undefined) return { typed: false, reason };
  const patch = argumentPatches[name];
  const args = patch === undefined ? (docArgs ?? []) : patch(docArgs ?? []);
  try {
    return planArguments(name, args);
  } catch (error) {
    if (error instanceof Unsupported) return { typed: false, reason: error.message };
    throw error;
  }
}

function planArguments(command: string, args: readonly DocArgument[]): TypedPlan {
  const shapes: ArgShape[] = [];
  for (const [i, a] of args.entries()) {
    const next = args[i + 1];
    // `numkeys key [key ...]`: the count is computed from the keys, never passed.
    if (a.name === 'numkeys' && a.type === 'integer' && next !== undefined) {
      shapes.push({ type: 'count', of: nameOf(command, next) });
    } else {
      shapes.push(convert(command, a));
    }
  }
  const positional = new Set<ArgShape>(shapes.filter(isPositional));
  const inOptions = shapes.filter((s) => s.type !== 'count' && !positional.has(s));
  // Readability: a lone trailing optional untokened argument stays positional (`lpop(key, count?)`).
  const [lone] = inOptions;
  const loneTrailing =
    inOptions.length === 1 &&
    lone !== undefined &&
    lone === shapes.at(-1) &&
    'name' in lone &&
    lone.token === undefined &&
    lone.type !== 'flag';
  if (loneTrailing) positional.add(lone);
  const optionShapes = loneTrailing ? [] : inOptions;

  const params: Param[] = [];
  const final = shapes.map((shape) => {
    if (!positional.has(shape) || !('name' in shape)) return shape;
    const at = params.length;
    const isLast = shape === [...positional].at(-1);
    const rest =
      isLast && optionShapes.length === 0 && isSimple(shape) && shape.multiple !== undefined;
    const name = reservedNames[shape.name] ?? shape.name;
    const optional = 'optional' in shape && shape.optional === true;
    params.push({
      name,
      type: rest ? `${valueType(shape.type)}[]` : typeOf(shape, true),
      kind: rest ? 'rest' : optional ? 'optional' : 'required',
    });
    return { ...shape, at } as ArgShape;
  });
  let optionsType: string | undefined;
  if (optionShapes.length > 0) {
    optionsType = objectType(optionShapes, false);
    const required = optionShapes.some(isRequired);
    params.push({ name: 'options', type: '', kind: required ? 'options' : 'optional' });
  }
  checkUniqueNames(
    command,
    params.map((p) => p.name),
  );
  return { typed: true, shape: final, params, optionsType };
}

function isPositional(shape: ArgShape): boolean {
  if (shape.type === 'count' || shape.type === 'group' || shape.type === 'exclusive') return false;
  if (shape.type === 'flag' || shape.optional === true || shape.token !== undefined) return false;
  return true;
}

function isRequired(shape: ArgShape): boolean {
  if (shape.type === 'count') return false;
  if (shape.type === 'group') return shape.optional !== true && shape.members.some(isRequired);
  if (shape.type === 'exclusive') return shape.optional !== true;
  return shape.optional !== true;
}

function checkUniqueNames(command: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Unsupported(`${command}: two parameters named ${name}`);
    seen.add(name);
  }
}

function valueType(kind: ValueKind): string {
  switch (kind) {
    case 'key':
      return 'RedisKey';
    case 'value':
      return 'RedisValue';
    case 'score':
      return 'ScoreBound';
    case 'unix-seconds':
    case 'unix-milliseconds':
      return 'UnixTime';
    default:
      return 'number';
  }
}

/** The TypeScript type of a placed argument's value; `lenient` accepts one value for many. */
function typeOf(shape: ArgShape, lenient: boolean): string {
  let single: string;
  switch (shape.type) {
    case 'flag':
      return 'boolean';
    case 'count':
    case 'group':
    case 'exclusive':
      throw new Error(`no value type for ${shape.type}`);
    case 'choice':
      single = `Token<${shape.tokens.map((t) => `'${t}'`).join(' | ')}>`;
      if (shape.value !== undefined) single = `${single} | ${valueType(shape.value)}`;
      break;
    case 'block':
      single = objectType(shape.members, false);
      if (shape.orTrue === true) single = `true | ${single}`;
      break;
    case 'pairs':
      return `Pairs<${valueType(shape.kinds[0])}, ${valueType(shape.kinds[1])}>`;
    case 'oneof':
      single = shape.members
        .map(
          (m) => `{ ${fieldLines([{ ...m, optional: undefined } as unknown as ArgShape], false)} }`,
        )
        .join(' | ');
      break;
    default:
      single = valueType(shape.type);
  }
  if (!('multiple' in shape) || shape.multiple === undefined) return single;
  const element = single.includes('|') ? `(${single})` : single;
  return lenient && isSimple(shape) ? `${single} | readonly ${element}[]` : `readonly ${element}[]`;
}

function objectType(shapes: readonly ArgShape[], forceOptional: boolean): string {
  return `{\n${fieldLines(shapes, forceOptional)}\n}`;
}

function fieldLines(shapes: readonly ArgShape[], forceOptional: boolean): string {
  const lines: string[] = [];
  for (const shape of shapes) {
    if (shape.type === 'count') continue;
    if (shape.type === 'group') {
      lines.push(fieldLines(shape.members, forceOptional || shape.optional === true));
      continue;
    }
    if (shape.type === 'exclusive') {
      const names = shape.members.map((m) => ('name' in m ? m.name : ''));
      for (const member of shape.members) {
        const others = names.filter((n) => 'name' in member && n !== member.name);
        lines.push(`/** Not with ${others.map((n) => `\`${n}\``).join(', ')}. */`);
        lines.push(fieldLines([member], true));
      }
      continue;
    }
    const optional = forceOptional || shape.optional === true;
    lines.push(`readonly ${shape.name}${optional ? '?' : ''}: ${typeOf(shape, true)};`);
  }
  return lines.join('\n');
}
