/** Recording the benchmarks' pipeline commands with a library's own pipeline (or batch) API. */

import type { PipelineCommand } from './contract.js';

/** The part of every library's pipeline (or batch) builder the workloads use. */
export interface PipelineBuilder {
  set(key: string, value: string): unknown;
  get(key: string): unknown;
}

/**
 * Adds `commands` to a library's pipeline builder, in order, and returns the builder with its
 * own type: builders whose calls return the same builder with a wider type need no reassigning.
 */
export function record<Builder extends PipelineBuilder>(
  builder: Builder,
  commands: readonly PipelineCommand[],
): Builder {
  for (const command of commands) {
    if (command[0] === 'SET') builder.set(command[1], command[2]);
    else builder.get(command[1]);
  }
  return builder;
}
