import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkComposeCluster } from './docker-compose-check.js';
import { HarnessStateError } from './errors.js';

/** The compose file of the repository: the one description of the Docker cluster. */
export const DEFAULT_COMPOSE_FILE = fileURLToPath(
  new URL('../../../docker/docker-compose.yml', import.meta.url),
);

/** One Redis node of the compose file. */
export interface ComposeClusterNode {
  /** Its compose service, `redis-1` say. */
  readonly service: string;
  /** The port it listens on, the same inside the shared namespace and on the host. */
  readonly port: number;
}

/** What the harness needs to know of the compose file, read from it rather than repeated. */
export interface ComposeCluster {
  /** Absolute path of the compose file. */
  readonly file: string;
  /** The Redis nodes, in the order the file lists them. */
  readonly nodes: readonly ComposeClusterNode[];
  /** The one-shot service that runs `redis-cli --cluster create`. */
  readonly createService: string;
  /** The host address the nodes' ports are published on, and announced as. */
  readonly host: string;
}

/** A compose service, as far as the harness reads it. */
export interface ComposeService {
  readonly command?: unknown;
  readonly entrypoint?: unknown;
  readonly environment?: unknown;
  readonly healthcheck?: { readonly test?: unknown };
  readonly ports?: unknown;
  readonly network_mode?: unknown;
  readonly depends_on?: unknown;
  readonly volumes?: unknown;
  readonly image?: unknown;
}

/** A parsed compose document (YAML anchors and `<<` merges resolved). */
export interface ComposeDocument {
  readonly services?: Readonly<Record<string, ComposeService>>;
}

/** Parses compose YAML, resolving the `<<: *node` merges the file uses. */
export function parseComposeText(text: string): ComposeDocument {
  return (parse(text, { merge: true }) ?? {}) as ComposeDocument;
}

/**
 * Reads and checks the compose file: six nodes, each with a health check and its own port,
 * the ports published 1:1 on the announced host address, a create service that waits for every
 * node's health check.
 *
 * @throws HarnessStateError listing every problem found, when the file is not such a cluster.
 */
export function readComposeCluster(file: string = DEFAULT_COMPOSE_FILE): ComposeCluster {
  const document = parseComposeText(readFileSync(file, 'utf8'));
  const result = checkComposeCluster(document, dirname(file));
  if (result.problems.length > 0) {
    throw new HarnessStateError(
      `${file} does not describe the cluster the harness expects:\n- ${result.problems.join('\n- ')}`,
    );
  }
  return { file, nodes: result.nodes, createService: result.createService, host: result.host };
}
