/**
 * Generates src/commands/generated/<group>.ts (one file per COMMAND DOCS group) and its
 * index.ts from data/commands.json and scripts/overrides.ts. Usage: `pnpm generate:commands`.
 *
 * Each command gets a spec (a `CommandSpec` literal, in `<group>Specs`, keyed by upper-case
 * name) and a builder (in `<group>Builders`, keyed by method name: the lower-case command, a
 * subcommand joined in camel case: `configGet`, `clientSetname`; `-`/`_` also camel-case:
 * `georadiusRo`). A bare container (`CLIENT`) has a spec and no builder.
 *
 * Argument mapping rules (implemented in command-model.ts, applied at run time by
 * src/commands/build-command.ts; overrides.ts first patches the few trees the docs get wrong):
 *
 * 1. Value types: `key` -> RedisKey (string | Buffer); `string`/`pattern` -> RedisValue
 *    (string | Buffer | finite number); `integer`, `double` -> number (finite; integers whole);
 *    score bounds named in overrides.ts -> ScoreBound (number incl. ±Infinity, '+inf', '-inf',
 *    '(1.5'); `unix-time` -> number | Date (a Date becomes milliseconds for PXAT and for
 *    arguments named *milliseconds*, otherwise seconds).
 * 2. Required arguments with no token become positional parameters, in the docs' order.
 *    Everything else (optional arguments, token-introduced arguments, pure tokens) goes into ONE
 *    trailing `options` object; it is required when it holds a required argument.
 * 3. Field names: the token in camel case (`EX` -> `ex`, `WITHSCORES` -> `withscores`);
 *    without a usable token, the argument's name in camel case, plural when `multiple`
 *    (`arg` -> `args`). Parameters are named the same way. overrides.ts may rename.
 * 4. A pure token is a boolean field. A oneof of pure tokens is: a value of the token union
 *    (`'LEFT' | 'RIGHT'`) when required or introduced by its own token (`aggregate: 'SUM'`);
 *    separate boolean fields, at most one set, when optional (`nx`, `xx`).
 * 5. A oneof whose alternatives all carry tokens puts each alternative in the enclosing object
 *    as its own field, at most one set (exactly one when required): `ex`, `px`, `exat`, `pxat`,
 *    `keepttl`. Introduced by its own token, or `multiple`, it is an object (or array of
 *    objects) with exactly one of those fields (`filterby: { pattern }`).
 *    A oneof of pure tokens plus one plain value is that union (`id: '$' | RedisValue`).
 * 6. A block introduced by a token is an object field (`limit: { offset, count }`); when all its
 *    members are optional, `true` also sends the bare token (`full: true`). An untokened block
 *    only groups: its members stay fields of the enclosing object, sent when any is set
 *    (XADD's trim: `{ strategy: 'MAXLEN', approximately: true, threshold: 1000 }`).
 *    A block of one plain value is that value.
 * 7. `multiple`: arrays (a single value is accepted too). A multiple block of a key or string
 *    and a value is `Pairs` (a plain object, a Map, or `[name, value][]`): MSET, HSET, XADD,
 *    CONFIG SET; two multiple values in one block (`STREAMS key... id...`) are pairs sent as
 *    all names then all values. Other multiple blocks are arrays of objects (ZADD's
 *    `{ score, member }[]`). `multiple_token` repeats the token before each element.
 * 8. `numkeys` is never passed: it is the length of the argument after it.
 * 9. A command whose only optional argument is one trailing untokened argument takes it as an
 *    optional positional parameter (`lpop(key, count?)`). The last positional parameter, when a
 *    multiple plain value and the builder has no options, is a rest parameter (`del(...keys)`).
 * 10. Every builder checks its arguments first (src/commands/arguments.ts): a wrong type,
 *    `undefined`, `null`, an empty array where one is needed, a non-finite number, or two
 *    mutually exclusive options are a TypeError naming the method and parameter or option.
 * 11. Commands the rules cannot type get `(...args: CommandArgument[])`: listed in overrides.ts
 *    `untyped` or reported by the model; the file headers name them.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toKeySpec } from '../src/command-info.js';
import {
  camel,
  type Param,
  planCommand,
  type TypedPlan,
  type UntypedPlan,
} from './command-model.js';
import type { DocArgument } from './overrides.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(PACKAGE, 'data', 'commands.json');
const OUT = join(PACKAGE, 'src', 'commands', 'generated');
const SCRIPT = 'scripts/generate-commands.ts';

interface SnapshotCommand {
  readonly summary: string;
  readonly since: string;
  readonly group: string;
  readonly complexity?: string;
  readonly deprecatedSince?: string;
  readonly replacedBy?: string;
  readonly docFlags?: readonly string[];
  readonly arguments?: readonly DocArgument[];
  readonly subcommands?: readonly string[];
  readonly arity: number;
  readonly flags: readonly string[];
  readonly tips: readonly string[];
  readonly keySpecs: readonly SnapshotKeySpec[];
}

interface SnapshotKeySpec {
  readonly flags: readonly string[];
  readonly beginSearch: { readonly type: string; readonly spec: Record<string, number | string> };
  readonly findKeys: { readonly type: string; readonly spec: Record<string, number> };
}

interface Snapshot {
  readonly server: { readonly version: string };
  readonly commands: Readonly<Record<string, SnapshotCommand>>;
}

/** `CLIENT SETNAME` -> `clientSetname`, `GEORADIUS_RO` -> `georadiusRo`. */
export function methodName(command: string): string {
  return camel(command);
}

function specLiteral(name: string, c: SnapshotCommand): string {
  const spec = {
    name,
    group: c.group,
    arity: c.arity,
    flags: c.flags,
    tips: c.tips,
    keySpecs: c.keySpecs.map(toKeySpec),
    summary: c.summary,
    since: c.since,
    ...(c.complexity === undefined ? {} : { complexity: c.complexity }),
  };
  return JSON.stringify(spec);
}

function docComment(c: SnapshotCommand, plan: TypedPlan | UntypedPlan): string {
  const clean = (text: string) => text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ');
  const lines = [clean(c.summary.endsWith('.') ? c.summary : `${c.summary}.`), ''];
  if (!plan.typed) lines.push(`Untyped: ${clean(plan.reason)}.`, '');
  lines.push(`@since ${c.since}`);
  if (c.complexity !== undefined) lines.push(`@remarks Complexity: ${clean(c.complexity)}`);
  if (c.deprecatedSince !== undefined || c.docFlags?.includes('deprecated') === true) {
    const since = c.deprecatedSince === undefined ? '' : ` since ${c.deprecatedSince}`;
    const use = c.replacedBy === undefined ? '' : `: use ${clean(c.replacedBy)} instead`;
    lines.push(`@deprecated Deprecated${since}${use}.`);
  }
  return `/**\n${lines.map((l) => (l === '' ? ' *' : ` * ${l}`)).join('\n')}\n */`;
}

function access(object: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`;
}

function pascal(method: string): string {
  return method[0]?.toUpperCase() + method.slice(1);
}

function signature(params: readonly Param[], optionsName: string): string {
  return params
    .map((p) => {
      if (p.kind === 'rest') return `...${p.name}: ${p.type}`;
      if (p.name === 'options') return `options${p.kind === 'optional' ? '?' : ''}: ${optionsName}`;
      return `${p.name}${p.kind === 'optional' ? '?' : ''}: ${p.type}`;
    })
    .join(', ');
}

interface GroupOutput {
  readonly file: string;
  readonly specsName: string;
  readonly buildersName: string;
  readonly optionTypes: string[];
  readonly untyped: string[];
  readonly count: number;
}

function emitGroup(
  group: string,
  names: readonly string[],
  snapshot: Snapshot,
): [string, GroupOutput] {
  const specsName = `${camel(group)}Specs`;
  const buildersName = `${camel(group)}Builders`;
  const specs: string[] = [];
  const shapes: string[] = [];
  const interfaces: string[] = [];
  const builders: string[] = [];
  const untypedNames: string[] = [];
  const optionTypes: string[] = [];
  let builderCount = 0;
  for (const name of names) {
    const c = snapshot.commands[name] as SnapshotCommand;
    specs.push(`${JSON.stringify(name)}: ${specLiteral(name, c)},`);
    if (c.subcommands !== undefined) continue;
    builderCount++;
    const method = methodName(name);
    const plan = planCommand(name, c.arguments);
    const spec = access(specsName, name);
    const doc = docComment(c, plan);
    if (!plan.typed) {
      untypedNames.push(name);
      builders.push(
        `${doc}\n${method}(...args: CommandArgument[]): BuiltCommand {\n` +
          `return buildRawCommand(${JSON.stringify(method)}, ${spec}, args);\n},`,
      );
      continue;
    }
    shapes.push(`${JSON.stringify(name)}: ${JSON.stringify(plan.shape)},`);
    const optionsName = `${pascal(method)}Options`;
    if (plan.optionsType !== undefined) {
      optionTypes.push(optionsName);
      interfaces.push(
        `/** Options of \`${method}()\` (\`${name}\`). */\nexport interface ${optionsName} ${plan.optionsType}`,
      );
    }
    const positional = plan.params.filter((p) => p.name !== 'options').map((p) => p.name);
    const hasOptions = plan.optionsType !== undefined;
    const optionsRequired = plan.params.some((p) => p.name === 'options' && p.kind === 'options');
    const call = [
      JSON.stringify(method),
      spec,
      access('shapes', name),
      `[${positional.join(', ')}]`,
      ...(hasOptions ? ['options'] : []),
      ...(optionsRequired ? ['true'] : []),
    ];
    builders.push(
      `${doc}\n${method}(${signature(plan.params, optionsName)}): BuiltCommand {\n` +
        `return buildCommand(${call.join(', ')});\n},`,
    );
  }
  const source = [
    header(group, snapshot, builderCount, untypedNames),
    imports(builders.join('\n'), interfaces.join('\n'), shapes.length > 0, untypedNames.length > 0),
    `/** Specs of the ${group} commands, keyed by upper-case name. */\nexport const ${specsName} = {\n${specs.join('\n')}\n} satisfies Record<string, CommandSpec>;`,
    shapes.length > 0
      ? `const shapes = {\n${shapes.join('\n')}\n} satisfies Record<string, CommandShape>;`
      : '',
    ...interfaces,
    `/** Builders of the ${group} commands, keyed by method name. */\nexport const ${buildersName} = {\n${builders.join('\n\n')}\n};`,
    '',
  ].join('\n\n');
  return [
    source,
    {
      file: group,
      specsName,
      buildersName,
      optionTypes,
      untyped: untypedNames,
      count: builderCount,
    },
  ];
}

function header(group: string, snapshot: Snapshot, count: number, untypedNames: string[]): string {
  const lines = [
    `Generated by ${SCRIPT} from data/commands.json (COMMAND DOCS + COMMAND INFO of Redis ${snapshot.server.version}): do not edit.`,
    `The ${group} group: ${count} command builders.`,
  ];
  if (untypedNames.length > 0) lines.push(`Untyped (...args): ${untypedNames.join(', ')}.`);
  return `/**\n${lines.map((l) => ` * ${l}`).join('\n')}\n */`;
}

function imports(code: string, types: string, hasShapes: boolean, hasRaw: boolean): string {
  const argumentTypes = [
    'Pairs',
    'RedisKey',
    'RedisValue',
    'ScoreBound',
    'Token',
    'UnixTime',
  ].filter((t) => new RegExp(`\\b${t}\\b`).test(code + types));
  const lines = [
    ...(hasRaw ? [`import type { CommandArgument } from '@redwire/protocol';`] : []),
    `import type { BuiltCommand, CommandSpec } from '../../command.js';`,
  ];
  if (argumentTypes.length > 0) {
    lines.push(`import type { ${argumentTypes.join(', ')} } from '../arguments.js';`);
  }
  const runtime = [
    ...(hasShapes ? ['buildCommand'] : []),
    ...(hasRaw ? ['buildRawCommand'] : []),
    ...(hasShapes ? ['type CommandShape'] : []),
  ];
  lines.push(`import { ${runtime.join(', ')} } from '../build-command.js';`);
  return lines.join('\n');
}

function emitIndex(groups: readonly GroupOutput[], snapshot: Snapshot): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const untypedAll = groups.flatMap((g) => g.untyped);
  const lines = [
    `/**\n * Generated by ${SCRIPT} from data/commands.json (Redis ${snapshot.server.version}): do not edit.\n` +
      ` * ${Object.keys(snapshot.commands).length} commands, ${total} builders (${untypedAll.length} untyped: ${untypedAll.join(', ')}).\n */`,
    `import type { CommandSpec } from '../../command.js';`,
    ...groups.map((g) => `import { ${g.buildersName}, ${g.specsName} } from './${g.file}.js';`),
    ...groups
      .filter((g) => g.optionTypes.length > 0)
      .map((g) => `export type { ${g.optionTypes.join(', ')} } from './${g.file}.js';`),
    `/** Every command's spec, keyed by upper-case name (\`GET\`, \`CLIENT SETNAME\`). */`,
    `export const commandSpecs: Readonly<Record<string, CommandSpec>> = {\n${groups.map((g) => `...${g.specsName},`).join('\n')}\n};`,
    `/** Every command's builder, keyed by method name (\`get\`, \`clientSetname\`). */`,
    `export const commandBuilders = {\n${groups.map((g) => `...${g.buildersName},`).join('\n')}\n};`,
    `/** The builders' type: one method per command. */`,
    'export type CommandBuilders = typeof commandBuilders;',
    '',
  ];
  return lines.join('\n\n');
}

async function main(): Promise<void> {
  const snapshot = JSON.parse(await readFile(DATA, 'utf8')) as Snapshot;
  const byGroup = new Map<string, string[]>();
  for (const name of Object.keys(snapshot.commands).sort()) {
    const group = (snapshot.commands[name] as SnapshotCommand).group;
    byGroup.set(group, [...(byGroup.get(group) ?? []), name]);
  }
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const outputs: GroupOutput[] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const [source, output] = emitGroup(group, byGroup.get(group) ?? [], snapshot);
    await writeFile(join(OUT, `${group}.ts`), source);
    outputs.push(output);
  }
  await writeFile(join(OUT, 'index.ts'), emitIndex(outputs, snapshot));
  // Formatted by the repo's own formatter, so the output passes `biome check` as written.
  const root = join(PACKAGE, '..', '..');
  execFileSync(
    join(root, 'node_modules', '.bin', 'biome'),
    ['check', '--write', relative(root, OUT)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const untypedAll = outputs.flatMap((o) => o.untyped);
  const total = outputs.reduce((n, o) => n + o.count, 0);
  console.log(
    `wrote ${relative(PACKAGE, OUT)}: ${outputs.length} groups, ${total} builders, ${untypedAll.length} untyped (${untypedAll.join(', ')})`,
  );
}

await main();
