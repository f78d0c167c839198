/** What a reader needs to know about where a result was measured. */

import os from 'node:os';

export interface Machine {
  /** UTC, to the minute. */
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
  };
}

/** The sentence every results section opens with. */
export function measuredOn(machine: Machine): string {
  return `Measured ${machine.date} on ${machine.cpu} (${machine.cores} cores), Node.js ${machine.node}.`;
}
