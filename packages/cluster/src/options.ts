/**
 * Options of `createCluster`: the seed nodes, how the cluster is followed and routed, and the
 * client options every node connection shares (credentials, TLS, protocol, timeouts, pool).
 */
import type { ClientOptions } from '@redwire/client';
import { CONNECTION_DEFAULTS, parseRedisUrl } from '@redwire/connection';
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

/** Everything `createCluster` accepts. */
export interface ClusterOptions
  extends Omit<ClientOptions, 'host' | 'port' | 'path' | 'db' | 'readOnly' | 'offlineQueue'> {
  /**
   * Seed nodes: `redis://host:port` URLs (credentials and `rediss://` apply to every node),
   * bare `host:port` strings as `CLUSTER NODES` and `redis-cli --cluster` write them, or
   * `{ host, port }` addresses. Tried in random order, and never forgotten: when every known
   * node is gone, the seeds are asked again.
   */
  nodes: readonly (string | NodeAddress)[];
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
   * Send a write again after its connection died before the reply came. Off by default: the
   * write may have run, and running it twice (INCR, LPUSH) is worse than an error. Reads are
   * always retried.
   * @defaultValue `false`
   */
  retryLostWrites?: boolean | undefined;
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
  readonly retryLostWrites: boolean;
  /** The default command timeout: also the bound on waiting for a healing cluster. */
  readonly commandTimeout: number;
  readonly tls: boolean;
}

/** Defaults of the cluster's own options. */
export const CLUSTER_DEFAULTS = Object.freeze({
  maxRedirections: 16,
  topologyCheckInterval: 10_000,
  readFrom: 'primary' as ReadFrom,
  retryLostWrites: false,
});

/**
 * Checks `createCluster`'s options and applies defaults.
 * @throws TypeError or RangeError naming the bad option
 */
export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createCluster() needs an options object with `nodes`');
  }
  const {
    nodes,
    maxRedirections = CLUSTER_DEFAULTS.maxRedirections,
    topologyCheckInterval = CLUSTER_DEFAULTS.topologyCheckInterval,
    readFrom = CLUSTER_DEFAULTS.readFrom,
    nodeAddressMap,
    retryLostWrites = CLUSTER_DEFAULTS.retryLostWrites,
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
      const parsed = parseRedisUrl(seed);
      if (parsed.path !== undefined) {
        throw new TypeError(`createCluster(): nodes[${i}] is a unix socket; cluster nodes use TCP`);
      }
      // Credentials and TLS of the first URL that states them apply to every node.
      const { host, port, db, ...shared } = parsed;
      if (db !== undefined && db !== 0) {
        throw new RangeError(
          `createCluster(): nodes[${i}] selects db ${db}; a cluster has only db 0`,
        );
      }
      fromUrl = { ...shared, ...fromUrl };
      return { host: host ?? 'localhost', port: port ?? 6379 };
    }
    if (
      typeof seed !== 'object' ||
      seed === null ||
      typeof seed.host !== 'string' ||
      !Number.isInteger(seed.port)
    ) {
      throw new TypeError(
        `createCluster(): nodes[${i}] must be a redis:// URL, host:port or { host, port }, got ${String(seed)}`,
      );
    }
    return { host: seed.host, port: seed.port };
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
    retryLostWrites,
    commandTimeout: node.commandTimeout ?? CONNECTION_DEFAULTS.commandTimeout,
    tls: node.tls !== undefined && node.tls !== false,
  };
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
