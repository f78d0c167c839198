/**
 * The keys of the cluster workloads and their hash-tagged twins. A twin keeps the key's value
 * (`paddedValue` of the plain key), so every reply check holds for both; only the slot changes:
 * every twin hashes on `bench` alone, so all of them live in one slot of one node.
 */

import { PIPELINE_COMMANDS } from '../client/pipeline.js';
import type { PipelineCommand } from '../lib/clients/contract.js';
import { KEY_COUNT } from '../lib/mixed-workload.js';

/** The hash tag of the twins; the cluster hashes only the text between the braces. */
export const HASH_TAG = '{bench}';

export function tagged(key: string): string {
  return `${HASH_TAG}:${key}`;
}

/** The 100 workers' keys, as lib/mixed-workload.ts names them (its checks catch a mismatch). */
export const WORKER_KEYS: readonly string[] = Array.from(
  { length: KEY_COUNT },
  (_, index) => `key:${index}`,
);

export const MGET_KEY_COUNT = 100;

export const MGET_KEYS: readonly string[] = Array.from(
  { length: MGET_KEY_COUNT },
  (_, index) => `mget:${index}`,
);

export const TAGGED_MGET_KEYS: readonly string[] = MGET_KEYS.map(tagged);

/** The client benchmark's 1,000-command pipeline, each key put in the `{bench}` slot. */
export const TAGGED_PIPELINE_COMMANDS: readonly PipelineCommand[] = PIPELINE_COMMANDS.map(
  (command): PipelineCommand =>
    command[0] === 'SET' ? ['SET', tagged(command[1]), command[2]] : ['GET', tagged(command[1])],
);

/** The distinct keys of the pipeline, in the order they are first written. */
export function pipelineKeys(commands: readonly PipelineCommand[]): string[] {
  return [...new Set(commands.map((command) => command[1]))];
}
