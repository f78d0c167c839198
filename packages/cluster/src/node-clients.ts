/**
 * The cluster's connections, one set per node, made on first use: a `RedisClient` for user
 * commands (one multiplexed connection plus its pool for blocking and isolated work), and a
 * separate connection for topology queries, so a refresh never waits behind user traffic.
 */
import {
  type ClientSideCache,
  type CommandChannel,
  createUntracedClient,
  type RedisClient,
} from '@redwire/client';
import { Connection, ConnectionError } from '@redwire/connection';
import type { NodeProgress } from './node-watchdog.js';
import type { ResolvedClusterOptions } from './options.js';
import { nodeKey } from './topology/address.js';
import type { NodeAddress } from './topology/types.js';

/** The default `maxOfflineCommands` of a node connection (the standalone default is 1,000). */
const NODE_OFFLINE_COMMANDS = 100_000;

/** How long a topology query may take before the node counts as unable to answer. */
const TOPOLOGY_QUERY_TIMEOUT_MS = 1_000;

/** The connections of the nodes the cluster has talked to. */
export class NodeClients {
  readonly #options: ResolvedClusterOptions;
  readonly #clients = new Map<string, RedisClient>();
  /** The `withBuffers()` view of each client, made once. */
  readonly #buffers = new Map<string, RedisClient>();
  readonly #channels = new Map<string, CommandChannel>();
  readonly #bufferChannels = new Map<string, CommandChannel>();
  readonly #admins = new Map<string, Connection>();
  #closed = false;

  /** The cluster's client-side cache, which every node's shared connection tracks for. */
  readonly #cache: ClientSideCache | undefined;

  constructor(options: ResolvedClusterOptions, cache?: ClientSideCache) {
    this.#options = options;
    this.#cache = cache;
  }

  /** The client of the node at `address` (its `withBuffers()` view when `buffers`), made if needed. */
  client(address: NodeAddress, key = nodeKey(address), buffers = false): RedisClient {
    // After close() a new node client would quietly open a fresh connection for a caller who
    // should be told the cluster client is closed.
    if (this.#closed) throw clusterClosedError();
    if (buffers) return this.#buffered(address, key);
    const known = this.#clients.get(key);
    if (known !== undefined) return known;
    const client = createUntracedClient(
      {
        ...this.#options.node,
        host: address.host,
        port: address.port,
        // A dead node must not hold commands for its whole timeout: the cluster sends them elsewhere.
        offlineQueue: false,
        // With offlineQueue off this bounds only the burst sent before a node's first connection,
        // which on a fresh cluster client is everything the application sent meanwhile.
        maxOfflineCommands: this.#options.node.maxOfflineCommands ?? NODE_OFFLINE_COMMANDS,
        // Replicas serve reads only after READONLY; a primary ignores it.
        readOnly: this.#options.readFrom !== 'primary',
      },
      this.#cache,
    );
    this.#clients.set(key, client);
    return client;
  }

  /**
   * The node's batch channel: straight to its shared connection, in call order (what a
   * pipeline's first attempts use). Made once per node and reply form.
   */
  channel(address: NodeAddress, key: string, buffers: boolean): CommandChannel {
    const cache = buffers ? this.#bufferChannels : this.#channels;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const channel = this.client(address, key, buffers).batchChannel();
    cache.set(key, channel);
    return channel;
  }

  #buffered(address: NodeAddress, key: string): RedisClient {
    const known = this.#buffers.get(key);
    if (known !== undefined) return known;
    const view = this.client(address, key).withBuffers() as unknown as RedisClient;
    this.#buffers.set(key, view);
    return view;
  }

  /** The client of a node already connected, if any. */
  existing(key: string): RedisClient | undefined {
    return this.#clients.get(key);
  }

  /** Whether the node's connection is usable as far as the client knows (not reconnecting). */
  isHealthy(key: string): boolean {
    const status = this.#clients.get(key)?.status;
    return status !== 'reconnecting' && status !== 'closed' && status !== 'closing';
  }

  /** The progress of the node's shared connection, for the watchdog; `undefined` when it has none. */
  progress(key: string): NodeProgress | undefined {
    const connection = this.#clients.get(key)?.connection;
    if (connection === undefined) return undefined;
    return {
      replies: connection.repliesReceived,
      awaiting: connection.awaitingReplies,
      waiting: connection.pendingCommands,
    };
  }

  /** Sends one topology query on the node's own admin connection, with a short timeout. */
  query(address: NodeAddress, args: readonly string[]): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('The cluster client is closed'));
    const key = nodeKey(address);
    let admin = this.#admins.get(key);
    if (admin === undefined || admin.status === 'closed') {
      admin = new Connection({
        ...this.#options.node,
        host: address.host,
        port: address.port,
        offlineQueue: false,
        reconnect: false,
        connectTimeout: TOPOLOGY_QUERY_TIMEOUT_MS,
        pingInterval: false,
      });
      this.#admins.set(key, admin);
    }
    return admin.send(args, { timeout: TOPOLOGY_QUERY_TIMEOUT_MS });
  }

  /**
   * Forgets a node (gone from the topology, or its address is stale): its connections close, or
   * with `now` are destroyed (a frozen node, which would never answer what awaits it: those
   * commands fail at once, the written ones with `written: true`, `reason` as their cause).
   */
  async drop(key: string, now = false, reason?: Error): Promise<void> {
    const client = this.#clients.get(key);
    const admin = this.#admins.get(key);
    this.#clients.delete(key);
    this.#buffers.delete(key);
    this.#channels.delete(key);
    this.#bufferChannels.delete(key);
    this.#admins.delete(key);
    if (now) {
      // The reason becomes the cause of what the commands it held reject with.
      if (reason !== undefined) client?.connection.destroy(reason);
      client?.destroy();
      admin?.destroy();
      return;
    }
    await Promise.all([client?.close(), admin?.close()]);
  }

  /** Node keys with a user client. */
  keys(): string[] {
    return [...this.#clients.keys()];
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closing = [
      ...[...this.#clients.values()].map((c) => c.close()),
      ...[...this.#admins.values()].map((c) => c.close()),
    ];
    this.#clients.clear();
    this.#buffers.clear();
    this.#channels.clear();
    this.#bufferChannels.clear();
    this.#admins.clear();
    await Promise.all(closing);
  }

  destroy(): void {
    this.#closed = true;
    for (const client of this.#clients.values()) client.destroy();
    for (const admin of this.#admins.values()) admin.destroy();
    this.#clients.clear();
    this.#buffers.clear();
    this.#channels.clear();
    this.#bufferChannels.clear();
    this.#admins.clear();
  }
}

/** What a command sent after `close()` or `destroy()` rejects with. */
export function clusterClosedError(): ConnectionError {
  return new ConnectionError('The cluster client is closed', { code: 'REDWIRE_CONNECTION_CLOSED' });
}
