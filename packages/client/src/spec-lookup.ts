/**
 * The generated spec of a command sent raw (`sendCommand(['GET', 'k'])`), by its name, and by
 * its subcommand too for containers (`OBJECT ENCODING`, `CONFIG SET`): what typed methods carry
 * with them, found for the commands that come without it.
 */
import type { CommandArgument } from '@redwire/protocol';
import type { CommandSpec } from './command.js';
import { commandSpecs } from './commands/generated/index.js';

/** Commands whose spec depends on their subcommand (`OBJECT`, `CLIENT`, `CONFIG`, ...). */
const CONTAINERS: ReadonlySet<string> = new Set(
  Object.keys(commandSpecs).flatMap((name) => {
    const space = name.indexOf(' ');
    return space === -1 ? [] : [name.slice(0, space)];
  }),
);

/**
 * The spec of a raw command, matched in any case; `undefined` for a command the snapshot does
 * not know (a module's) or a name given as bytes.
 */
export function specOf(args: readonly CommandArgument[]): CommandSpec | undefined {
  const first = args[0];
  if (typeof first !== 'string') return undefined;
  const name = first.toUpperCase();
  if (!CONTAINERS.has(name)) return commandSpecs[name];
  const sub = args[1];
  const full = typeof sub === 'string' ? commandSpecs[`${name} ${sub.toUpperCase()}`] : undefined;
  return full ?? commandSpecs[name];
}
