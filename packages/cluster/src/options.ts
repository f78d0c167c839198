/**
 * Options of `createCluster`: the seed nodes, how the cluster is followed and routed, and the
 * client options every node connection shares (credentials, TLS, protocol, timeouts, pool).
 */
import {
  CLIENT_OPTION_KEYS,
  type ClientOptions,
  type ClientSideCacheSettings,
  resolveClientSideCache,
} from '@redwire/client';
import {
  CONNECTION_DEFAULTS,
  type ConnectionOptions,
  parseRedisUrl,
  RECONNECT_OPTION_KEYS,
} from '@redwire/connection';
import { checkOptionKeys, type OptionKeySet, optionKeys } from '@redwire/protocol';
import type { NodeAddress, NodeAddressMap, ShardView } from './topology/types.js';

/** Where read-only commands go. */
export type ReadFrom =
  /** Every command to the slot's primary. */
  | 'primary'
  /**
   * Read-only commands to the slot's replicas in turn; to the primary only while none of them is
   * reachable.
   */
  | 'replica'
  /**
   * As `'replica'`, and a read a replica cannot serve now (`LOADING`, `MASTERDOWN`, the connection
   * lost) is retried on the primary at once rather than after a wait.
   */
  | 'preferReplica'
  /** Your choice per read: return the address of the shard's node to use. */
  | ((shard: ShardView) => NodeAddress);

/**
 * A seed node as an object: `{ host, port }`, or `{ url }` (credentials and `rediss://` apply to
 * every node), or both, the explicit fields winning over the URL's parts.
 */
export interface ClusterNodeOptions {
  /** `redis://[[user]:password@]host[:port]` or `rediss://...`. */
  readonly url?: string | undefined;
  /** The node's host name or IP address. */
  readonly host?: string | undefined;
  /** The node's TCP port. @defaultValue `6379` */
  readonly port?: number | undefined;
}

/** The options of `createClient` that a cluster takes per node or decides itself. */
export type NodeOnlyOption = 'url' | 'host' | 'port' | 'path' | 'db' | 'readOnly' | 'offlineQueue';

/** Everything `createCluster` accepts. */
export interface ClusterOptions extends Omit<ClientOptions, NodeOnlyOption> {
  /**
   * Seed nodes: `redis://host:port` URLs (credentials and `rediss://` apply to every node),
   * bare `host:port` strings as `CLUSTER NODES` and `redis-cli --cluster` write them, or
   * objects: `{ host, port }`, `{ url }`. Tried in random order, and never forgotten: when
   * every known node is gone, the seeds are asked again.
   */
  nodes: readonly (string | ClusterNodeOptions)[];
  /**
   * How many MOVED and ASK redirections one command follows before `TooManyRedirectsError`.
   * Waits while the cluster heals (`TRYAGAIN`, `CLUSTERDOWN`, a failover) are bounded by the
   * command's timeout instead.
   * @defaultValue `16`
   */
  maxRedirections?: number | undefined;
  /**
   * Milliseconds between cheap topology checks (a few random nodes are asked for their view and
   * the map is rebuilt only if it differs); `false` checks only after MOVED and failures.
   * @defaultValue `10_000`
   */
  topologyCheckInterval?: number | false | undefined;
  /** Where read-only commands go. @defaultValue `'primary'` */
  readFrom?: ReadFrom | undefined;
  /** Addresses the nodes announce mapped to ones this process can reach (Docker, NAT). */
  nodeAddressMap?: NodeAddressMap | undefined;
  /**
   * Milliseconds a node's connection may have commands awaiting replies and read none, while
   * other nodes answer, before the node is suspected (frozen, partitioned, or busy with one long
   * command). While suspected, new commands for its slots wait for it (within their own
   * timeouts) instead of being written to it, and the topology is asked of the other nodes
   * every 250 ms; once they show its replica promoted, commands go there, reads written to the
   * frozen node included (writes written to it reject with `written: true`). Suspicion alone
   * fails no command. Blocking commands run on pooled connections and never count. `false`
   * turns this off (commands wait for their own timeouts).
   * @defaultValue `1_000`
   */
  suspectAfter?: number | false | undefined;
}

/** What to tell someone who gives a cluster an option that belongs to one node. */
const NODE_ONLY_HINTS: Readonly<Record<NodeOnlyOption, string>> = {
  url: 'give the seed nodes in `nodes`: createCluster({ nodes: [url] })',
  host: 'give the seed nodes in `nodes`: createCluster({ nodes: [{ host, port }] })',
  port: 'give the seed nodes in `nodes`: createCluster({ nodes: [{ host, port }] })',
  path: 'cluster nodes are reached over TCP, not unix sockets',
  db: 'a cluster has only database 0',
  readOnly: 'the cluster sets READONLY on replica connections itself; choose reads with `readFrom`',
  offlineQueue:
    'the cluster sends a command to another node instead of queueing it for one that is down',
};
const NODE_ONLY: ReadonlySet<string> = new Set(Object.keys(NODE_ONLY_HINTS));

/** Every key of {@link ClusterOptions}: the node options a cluster shares, and its own. */
export const CLUSTER_OPTION_KEYS: OptionKeySet = new Set([
  ...[...CLIENT_OPTION_KEYS].filter((key) => !NODE_ONLY.has(key)),
  ...optionKeys<Omit<ClusterOptions, keyof ClientOptions>>({
    nodes: true,
    maxRedirections: true,
    topologyCheckInterval: true,
    readFrom: true,
    nodeAddressMap: true,
    suspectAfter: true,
  }),
]);

/** Every key of {@link ClusterNodeOptions}. */
const NODE_KEYS = optionKeys<ClusterNodeOptions>({ url: true, host: true, port: true });

/**
 * Checks the keys of `createCluster`'s options, of its `reconnect` object and of each object in
 * `nodes`.
 * @throws UnknownOptionError naming the first unknown key and `where`
 * @internal
 */
export function checkClusterOptionKeys(options: object, where: string): void {
  checkOptionKeys(options, CLUSTER_OPTION_KEYS, where, '', NODE_ONLY_HINTS);
  const { reconnect, nodes } = options as Partial<ClusterOptions>;
  if (typeof reconnect === 'object' && reconnect !== null) {
    checkOptionKeys(reconnect, RECONNECT_OPTION_KEYS, where, 'reconnect.');
  }
  if (!Array.isArray(nodes)) return;
  nodes.forEach((node: unknown, i) => {
    if (typeof node === 'object' && node !== null) {
      checkOptionKeys(node, NODE_KEYS, where, `nodes[${i}].`);
    }
  });
}

/** Options after defaults and checks. */
export interface ResolvedClusterOptions {
  readonly seeds: readonly NodeAddress[];
  /** What every node's client is created with (its address added). */
  readonly node: ClientOptions;
  readonly maxRedirections: number;
  readonly topologyCheckInterval: number | false;
  readonly readFrom: ReadFrom;
  readonly nodeAddressMap: NodeAddressMap | undefined;
  readonly suspectAfter: number | false;
  readonly retryLostWrites: boolean;
  /** The default command timeout: also the bound on waiting for a healing cluster. */
  readonly commandTimeout: number;
  readonly tls: boolean;
  /** The client-side cache the nodes share, when `clientSideCache` asks for one. */
  readonly clientSideCache: ClientSideCacheSettings | undefined;
}

/** Defaults of the cluster's own options. */
export const CLUSTER_DEFAULTS = Object.freeze({
  maxRedirections: 16,
  topologyCheckInterval: 10_000,
  readFrom: 'primary' as ReadFrom,
  retryLostWrites: false,
  suspectAfter: 1_000 as number | false,
});

/**
 * Checks `createCluster`'s options and applies defaults.
 * @throws TypeError or RangeError naming the bad option
 */
export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createCluster() needs an options object with `nodes`');
  }
  checkClusterOptionKeys(options, 'createCluster()');
  const {
    nodes,
    maxRedirections = CLUSTER_DEFAULTS.maxRedirections,
    topologyCheckInterval = CLUSTER_DEFAULTS.topologyCheckInterval,
    readFrom = CLUSTER_DEFAULTS.readFrom,
    nodeAddressMap,
    retryLostWrites = CLUSTER_DEFAULTS.retryLostWrites,
    suspectAfter = CLUSTER_DEFAULTS.suspectAfter,
    clientSideCache,
    ...clientOptions
  } = options;
  if (!Array.isArray(nodes) || nodes.length === 0) {
    throw new TypeError('createCluster(): `nodes` must list at least one seed node');
  }
  let fromUrl: ClientOptions = {};
  const seeds = nodes.map((seed, i): NodeAddress => {
    if (typeof seed === 'string') {
      const bare = bareAddress(seed);
      if (bare !== undefined) return bare;
      const parsed = seedUrl(seed, i);
      // Credentials and TLS of the first URL that states them apply to every node.
      fromUrl = { ...parsed.shared, ...fromUrl };
      return parsed.address;
    }
    if (typeof seed !== 'object' || seed === null) {
      throw new TypeError(
        `createCluster(): nodes[${i}] must be a redis:// URL, host:port, { host, port } or { url }, got ${String(seed)}`,
      );
    }
    const parsed = seed.url === undefined ? undefined : seedUrl(seed.url, i);
    if (parsed !== undefined) fromUrl = { ...parsed.shared, ...fromUrl };
    const host = seed.host ?? parsed?.address.host;
    const port = seed.port ?? parsed?.address.port ?? CONNECTION_DEFAULTS.port;
    if (typeof host !== 'string' || host === '') {
      throw new TypeError(
        `createCluster(): nodes[${i}] needs a host (or a url), got ${String(host)}`,
      );
    }
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new RangeError(
        `createCluster(): nodes[${i}].port must be a whole number from 1 to 65535, got ${String(port)}`,
      );
    }
    return { host, port };
  });

  if (!Number.isSafeInteger(maxRedirections) || maxRedirections < 0) {
    throw new RangeError(
      `maxRedirections must be a non-negative integer, got ${String(maxRedirections)}`,
    );
  }
  if (
    topologyCheckInterval !== false &&
    (typeof topologyCheckInterval !== 'number' ||
      !Number.isFinite(topologyCheckInterval) ||
      topologyCheckInterval < 100)
  ) {
    throw new RangeError(
      `topologyCheckInterval must be false or at least 100 ms, got ${String(topologyCheckInterval)}`,
    );
  }
  if (
    readFrom !== 'primary' &&
    readFrom !== 'replica' &&
    readFrom !== 'preferReplica' &&
    typeof readFrom !== 'function'
  ) {
    throw new TypeError(
      `readFrom must be 'primary', 'replica', 'preferReplica' or a function, got ${String(readFrom)}`,
    );
  }
  if (
    suspectAfter !== false &&
    (typeof suspectAfter !== 'number' || !Number.isFinite(suspectAfter) || suspectAfter < 100)
  ) {
    throw new RangeError(
      `suspectAfter must be false or at least 100 ms, got ${String(suspectAfter)}`,
    );
  }
  if (typeof retryLostWrites !== 'boolean') {
    throw new TypeError(`retryLostWrites must be a boolean, got ${String(retryLostWrites)}`);
  }
  const node: ClientOptions = { ...fromUrl, ...clientOptions };
  return {
    seeds,
    node,
    maxRedirections,
    topologyCheckInterval,
    readFrom,
    nodeAddressMap,
    suspectAfter,
    retryLostWrites,
    commandTimeout: node.commandTimeout ?? CONNECTION_DEFAULTS.commandTimeout,
    tls: node.tls !== undefined && node.tls !== false,
    clientSideCache: resolveClientSideCache(clientSideCache, 'createCluster()'),
  };
}

/** A seed URL: its address, and the rest (credentials, TLS) that applies to every node. */
function seedUrl(url: string, i: number): { address: NodeAddress; shared: ConnectionOptions } {
  if (typeof url !== 'string') {
    throw new TypeError(`createCluster(): nodes[${i}].url must be a string, got ${typeof url}`);
  }
  const parsed = parseRedisUrl(url);
  if (parsed.path !== undefined) {
    throw new TypeError(`createCluster(): nodes[${i}] is a unix socket; cluster nodes use TCP`);
  }
  const { host, port, db, ...shared } = parsed;
  if (db !== undefined && db !== 0) {
    throw new RangeError(`createCluster(): nodes[${i}] selects db ${db}; a cluster has only db 0`);
  }
  return { address: { host: host ?? 'localhost', port: port ?? CONNECTION_DEFAULTS.port }, shared };
}

/** `host:port` or `[ipv6]:port`, as the cluster's own tools write addresses. */
const BARE_ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:/@[\]]+)):(\d{1,5})$/;

/** A seed written as a bare address, or undefined for anything else (read as a URL then). */
function bareAddress(seed: string): NodeAddress | undefined {
  const match = BARE_ADDRESS.exec(seed);
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) {
    throw new RangeError(`createCluster(): ${seed} names port ${port}; ports run from 1 to 65535`);
  }
  return { host: (match[1] ?? match[2]) as string, port };
}
