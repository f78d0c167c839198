import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ComposeClusterNode, ComposeDocument, ComposeService } from './docker-compose-file.js';

/** What {@link checkComposeCluster} found: the problems, and the parts it could read. */
export interface ComposeCheck {
  /** One sentence per problem; empty when the file describes a cluster the harness can drive. */
  readonly problems: readonly string[];
  /** The `redis-server` services found, with their ports. */
  readonly nodes: readonly ComposeClusterNode[];
  /** The service running `redis-cli --cluster create` (empty when there is not exactly one). */
  readonly createService: string;
  /** The address the ports are published on (`127.0.0.1` when none is named). */
  readonly host: string;
}

const NODE_COUNT = 6;

/**
 * Checks that a compose document describes the cluster the harness drives: six `redis-server`
 * services, each with a health check on its own port; one of them owns the network namespace
 * the others join and publishes every node's port 1:1 on the host address the nodes announce
 * (so `MOVED` and `CLUSTER SHARDS` addresses work from the host); a one-shot service that
 * creates the cluster once every node is healthy. `dir` is the compose file's folder, for the
 * node config file it mounts. Pure apart from reading that config file.
 */
export function checkComposeCluster(document: ComposeDocument, dir: string): ComposeCheck {
  const problems: string[] = [];
  const services = Object.entries(document.services ?? {});
  const nodes = services.flatMap(([service, spec]) => {
    const port = nodePort(spec);
    return port === null ? [] : [{ service, port, spec }];
  });
  if (nodes.length !== NODE_COUNT) {
    problems.push(
      `expected ${NODE_COUNT} redis-server services with --port, found ${nodes.length}`,
    );
  }

  for (const { service, port, spec } of nodes) {
    const test = words(spec.healthcheck?.test).join(' ');
    if (test === '') problems.push(`${service} has no health check`);
    else if (!/\$\$?PORT\b/.test(test) && !test.includes(String(port))) {
      problems.push(`${service}'s health check does not name its port`);
    }
    if (environmentValue(spec.environment, 'PORT') !== String(port)) {
      problems.push(`${service}'s PORT (used by its health check) is not its --port ${port}`);
    }
  }

  const owners = nodes.filter(({ spec }) => spec.ports !== undefined);
  const owner = owners[0];
  if (owners.length !== 1 || owner === undefined) {
    problems.push(`exactly one node should publish the ports, found ${owners.length}`);
  }
  const published = owner === undefined ? new Map<number, string>() : publishedPorts(owner.spec);
  const hosts = new Set(published.values());
  const host = [...hosts][0] ?? '127.0.0.1';
  if (hosts.size > 1) problems.push(`the ports are published on several addresses: ${[...hosts]}`);
  for (const { service, port, spec } of nodes) {
    if (published.get(port) === undefined) {
      problems.push(`${service}'s port ${port} is not published 1:1 on the host`);
    }
    if (owner !== undefined && service !== owner.service) {
      if (spec.network_mode !== `service:${owner.service}`) {
        problems.push(`${service} does not share ${owner.service}'s network namespace`);
      }
    }
  }

  for (const { service, spec } of nodes) {
    const settings = nodeSettings(spec, dir);
    if (settings === null) {
      problems.push(`${service} mounts no readable config file`);
      continue;
    }
    if (settings.get('cluster-enabled') !== 'yes')
      problems.push(`${service} is not cluster-enabled`);
    if (settings.get('cluster-announce-ip') !== host) {
      problems.push(`${service} does not announce ${host}, the address its port is published on`);
    }
  }

  const creators = services.filter(([, spec]) =>
    [...words(spec.entrypoint), ...words(spec.command)].join(' ').includes('--cluster create'),
  );
  const [creator] = creators;
  if (creators.length !== 1 || creator === undefined) {
    problems.push(
      `expected one service running redis-cli --cluster create, found ${creators.length}`,
    );
  } else {
    const [name, spec] = creator;
    const text = words(spec.command).join(' ');
    if (owner !== undefined && spec.network_mode !== `service:${owner.service}`) {
      problems.push(`${name} does not share ${owner.service}'s network namespace`);
    }
    for (const { service, port } of nodes) {
      if (!healthyDependency(spec.depends_on, service)) {
        problems.push(`${name} does not wait for ${service}'s health check`);
      }
      if (!text.includes(`${host}:${port}`)) problems.push(`${name} does not join ${host}:${port}`);
    }
  }

  return {
    problems,
    nodes: nodes.map(({ service, port }) => ({ service, port })),
    createService: creator?.[0] ?? '',
    host,
  };
}

/** The `--port` of a service whose command runs redis-server, or `null` for any other. */
function nodePort(spec: ComposeService): number | null {
  const command = words(spec.command);
  if (command[0] !== 'redis-server') return null;
  const index = command.indexOf('--port');
  const port = Number(command[index + 1]);
  return index === -1 || !Number.isInteger(port) ? null : port;
}

/** A command, entrypoint or health test as a list of words (compose allows a string or a list). */
function words(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((word) => word !== '');
  return Array.isArray(value) ? value.map(String) : [];
}

function environmentValue(environment: unknown, name: string): string | undefined {
  if (Array.isArray(environment)) {
    const entry = environment.map(String).find((item) => item.startsWith(`${name}=`));
    return entry?.slice(name.length + 1);
  }
  if (environment !== null && typeof environment === 'object') {
    const value = (environment as Record<string, unknown>)[name];
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

/** Ports published as `[ip:]a[-b]:a[-b]` with the same numbers outside and in: port -> host ip. */
function publishedPorts(spec: ComposeService): Map<number, string> {
  const result = new Map<number, string>();
  const entries = Array.isArray(spec.ports) ? spec.ports.map(String) : [];
  for (const entry of entries) {
    const match = /^(?:([\d.]+):)?(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(?:\/tcp)?$/.exec(entry);
    if (match === null) continue;
    const [, ip = '0.0.0.0', from, to = from, innerFrom, innerTo = innerFrom] = match;
    // Only a 1:1 mapping keeps an announced port valid on the host.
    if (from !== innerFrom || to !== innerTo) continue;
    for (let port = Number(from); port <= Number(to); port++) result.set(port, ip);
  }
  return result;
}

/** The settings of the config file a node mounts and passes to redis-server, or `null`. */
function nodeSettings(spec: ComposeService, dir: string): Map<string, string> | null {
  const target = words(spec.command)[1];
  const volumes = Array.isArray(spec.volumes) ? spec.volumes.map(String) : [];
  const mount = volumes.map((volume) => volume.split(':')).find((parts) => parts[1] === target);
  if (target === undefined || mount?.[0] === undefined) return null;
  let text: string;
  try {
    text = readFileSync(resolve(dir, mount[0]), 'utf8');
  } catch {
    return null;
  }
  const settings = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key !== undefined && key !== '' && !key.startsWith('#')) settings.set(key, rest.join(' '));
  }
  return settings;
}

function healthyDependency(dependsOn: unknown, service: string): boolean {
  if (dependsOn === null || typeof dependsOn !== 'object' || Array.isArray(dependsOn)) return false;
  const entry = (dependsOn as Record<string, { condition?: unknown } | undefined>)[service];
  return entry?.condition === 'service_healthy';
}
