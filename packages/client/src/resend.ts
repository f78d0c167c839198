/**
 * Which commands may be written again after the connection they were written to died before
 * the reply came. The reply is lost, so whether the command ran is unknown: for a read that
 * does not matter (running it twice changes nothing), for a write it does (INCR twice is a
 * wrong count). The server's own command table says which are reads: the `readonly` flag of
 * COMMAND INFO, as generated into the specs, never a hand-kept list. Blocking reads (XREAD
 * BLOCK) are left out: they run on pooled connections and their wait would start over.
 */
import type { CommandSpec } from './command.js';
import { commandSpecs } from './commands/generated/index.js';

function isRead(spec: CommandSpec): boolean {
  const { flags } = spec;
  return flags.includes('readonly') && !flags.includes('write') && !flags.includes('blocking');
}

/** The reads among the known commands, by spec (what typed methods send and `specOf` finds). */
const READ_SPECS = new Set<CommandSpec>(Object.values(commandSpecs).filter(isRead));

/**
 * Whether a built command is a read that may be written again after a lost connection.
 * @param spec - the command's spec; `undefined` (a command not in the table) is not resent
 */
export function isResendableSpec(spec: CommandSpec | undefined): boolean {
  return spec !== undefined && READ_SPECS.has(spec);
}
