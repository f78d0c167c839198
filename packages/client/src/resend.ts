/**
 * Which commands may be written again after the connection they were written to died before
 * the reply came. The reply is lost, so whether the command ran is unknown: for a read that
 * does not matter (running it twice changes nothing), for a write it does (INCR twice is a
 * wrong count). The server's own command table says which are reads: the `readonly` flag of
 * COMMAND INFO, as generated into the specs, never a hand-kept list. Blocking reads (XREAD
 * BLOCK) are left out: they run on pooled connections and their wait would start over.
 */
import type { CommandArgument } from '@redwire/protocol';
import type { CommandSpec } from './command.js';
import { commandSpecs } from './commands/generated/index.js';

function isRead(spec: CommandSpec): boolean {
  const { flags } = spec;
  return flags.includes('readonly') && !flags.includes('write') && !flags.includes('blocking');
}

/** The reads among the known commands, by spec (what typed methods send) and by name. */
const READ_SPECS = new Set<CommandSpec>();
const READ_NAMES = new Set<string>();
/** Containers (`OBJECT`, `CLIENT`) whose subcommand decides. */
const CONTAINERS = new Set<string>();
for (const [name, spec] of Object.entries(commandSpecs)) {
  const space = name.indexOf(' ');
  if (space !== -1) CONTAINERS.add(name.slice(0, space));
  if (!isRead(spec)) continue;
  READ_SPECS.add(spec);
  READ_NAMES.add(name);
}

/**
 * Whether a built command is a read that may be written again after a lost connection.
 * @param spec - the command's spec; `undefined` (a command not in the table) is not resent
 */
export function isResendableSpec(spec: CommandSpec | undefined): boolean {
  return spec !== undefined && READ_SPECS.has(spec);
}

/**
 * The same for a raw `sendCommand` array, by name (and subcommand, for containers such as
 * `OBJECT ENCODING`), case-insensitively. Unknown commands (module commands) are not resent:
 * nothing says they are reads.
 */
export function isResendableArgs(args: readonly CommandArgument[]): boolean {
  const first = args[0];
  if (typeof first !== 'string') return false;
  const name = first.toUpperCase();
  if (!CONTAINERS.has(name)) return READ_NAMES.has(name);
  const sub = args[1];
  return typeof sub === 'string' && READ_NAMES.has(`${name} ${sub.toUpperCase()}`);
}
