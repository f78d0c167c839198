/**
 * The bench's load: 100 workers, each awaiting one command before the next, two GETs to one SET
 * over keys spread across every slot. Every command is recorded with when it was issued and when
 * (and how) it settled, so the figures can be cut at any moment after the fact.
 */

import type { FaultClient } from './clients.js';

export const WORKERS = 100;
const KEYS = 1000;

/** One command: issued at, settled at (`undefined` while in flight), whether it failed. */
export interface Command {
  readonly issuedAt: number;
  settledAt: number | undefined;
  failed: boolean;
  /** The error's class and message start, when it failed. */
  error?: string;
}

/** A running load; `stop()` lets each worker finish the command it is waiting on. */
export interface Load {
  readonly commands: readonly Command[];
  stop(): void;
}

export function startLoad(client: FaultClient): Load {
  const commands: Command[] = [];
  let stopped = false;
  const worker = async (index: number): Promise<void> => {
    for (let i = 0; !stopped; i++) {
      const key = `fault:${(index * 7919 + i * 104_729) % KEYS}`;
      const command: Command = { issuedAt: Date.now(), settledAt: undefined, failed: false };
      commands.push(command);
      try {
        await (i % 3 === 2 ? client.set(key, String(i)) : client.get(key));
      } catch (error) {
        command.failed = true;
        command.error = describeError(error);
      }
      command.settledAt = Date.now();
      // A failing client answers at once; without a pause its workers would spin.
      if (command.failed) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  for (let index = 0; index < WORKERS; index++) void worker(index);
  return {
    commands,
    stop: () => {
      stopped = true;
    },
  };
}

/** A short, groupable name for an error: its class, and its code or first words. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  const written = (error as { written?: unknown }).written === true ? ' (written)' : '';
  const detail = typeof code === 'string' ? code : error.message.split(/[.:;]/)[0]?.slice(0, 40);
  return `${error.name} ${detail}${written}`;
}
