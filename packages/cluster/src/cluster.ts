/**
 * `RedisCluster`: the command surface of `RedisClient` over a Redis Cluster. Each command is
 * routed by its own spec (keys from the key specs, fan-out from the tips) to the node that owns
 * its slot, and redirected, retried or split as execute.ts, slot-attempts.ts and the routing
 * layer decide. Views made by `withOptions` and `withBuffers` share everything.
 */
import type { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import {
  type BuiltCommand,
  CLIENT_EXCLUDED,
  type ClientCommands,
  type ClientSideCache,
  COMMAND_OPTION_KEYS,
  CONNECTION_STATE_COMMANDS,
  type CommandOptions,
  type CommandSender,
  CommandTraceContext,
  checkScanOptions,
  type HashEntry,
  installCommands,
  Multi,
  type Pipeline,
  type RedisClient,
  SCAN_ITERATOR_OPTION_KEYS,
  SCAN_PAGE_OPTION_KEYS,
  type ScanIteratorOptions,
  type ScanPageOptions,
  type SortedSetEntry,
  scanHash,
  scanSet,
  scanSortedSet,
  TRANSACTION_OPTION_KEYS,
  type TransactionOptions,
} from '@redwire/client';
import { isTraced } from '@redwire/connection';
import {
  type CommandArgument,
  checkOptionKeys,
  ReplyError,
  type RespValue,
  unknownOptionKey,
} from '@redwire/protocol';
import { STREAM_OPTION_KEYS, type StreamOptions } from '@redwire/pubsub';
import { createClusterCache } from './cluster-cache.js';
import type { ClusterCore, ClusterEvents, ClusterStats } from './cluster-core.js';
import { ClusterPipeline } from './cluster-pipeline.js';
import { scanCluster } from './cluster-scan.js';
import { commandChannel, publishTopology } from './diagnostics.js';
import { ClusterDownError, CrossSlotError } from './errors.js';
import { execute } from './execute.js';
import { clusterClosedError, NodeClients } from './node-clients.js';
import { type CallSettings, clientOf } from './node-send.js';
import type { NodeWatchdog } from './node-watchdog.js';
import { type ClusterOptions, checkClusterOptionKeys, resolveClusterOptions } from './options.js';
import type { ClusterSubscriber } from './pubsub/cluster-subscriber.js';
import { createClusterSubscriber } from './pubsub/create-cluster-subscriber.js';
import { routeCommand } from './routing/route.js';
import { slotOf } from './routing/slot.js';
import { SpecRegistry } from './routing/spec-registry.js';
import { TopologyKeeper } from './topology-keeper.js';
import { transactionChannel } from './transaction-channel.js';
import { watchNodes } from './watch-nodes.js';

/**
 * Commands a cluster does not have as methods: the client's own list, and the commands that set
 * connection state (WATCH needs one connection: use `transaction()`; ASKING, READONLY and
 * READWRITE belong to routing). `sendCommand` refuses those that would change a node's shared
 * connection for every caller, as the client's does (see `@redwire/client`'s shared-connection.ts).
 */
const CLUSTER_EXCLUDED = [...CLIENT_EXCLUDED, ...CONNECTION_STATE_COMMANDS];

/** Which nodes `nodes()` hands out. */
export type NodeRole = 'primary' | 'replica' | 'all';

/**
 * Builds the shared part of a cluster client.
 * @internal
 */
export function createClusterCore(options: ClusterOptions): ClusterCore {
  const resolved = resolveClusterOptions(options);
  const cache = createClusterCache(resolved);
  const nodes = new NodeClients(resolved, cache);
  const events = new EventEmitter<ClusterEvents>();
  const core: ClusterCore = {
    given: options,
    options: resolved,
    nodes,
    events,
    specs: new SpecRegistry(),
    stats: { moved: 0, ask: 0, retries: 0 },
    waits: new Set(),
    replicaTurn: 0,
    closed: false,
    topology: undefined as unknown as TopologyKeeper,
    watchdog: undefined as unknown as NodeWatchdog,
    cache,
  };
  const watched = watchNodes(core);
  (core as { watchdog: NodeWatchdog }).watchdog = watched.watchdog;
  let learned = false;
  (core as { topology: TopologyKeeper }).topology = new TopologyKeeper(resolved, nodes, {
    changed: (change, map) => {
      if (!learned) {
        // Key specs from the server itself: module commands and commands newer than the
        // snapshot get routed by their keys too. Until it answers, the snapshot routes.
        learned = true;
        const node = map.primaries()[0];
        if (node !== undefined) {
          nodes
            .query(node.address, ['COMMAND', 'INFO'])
            .then((reply) => core.specs.learn(reply as RespValue))
            .catch(() => {
              learned = false;
            });
        }
      }
      // A replica's health alone changes the digest; only say so when something moved.
      // Before the topology event: listeners see the frozen node's commands already moving.
      watched.followTopology(map);
      // A key of a moved slot now lives on a node whose connection never tracked our reads of
      // it. Not on discovery (no slot had an owner before): a read waiting for it would be lost.
      if (change.moves.some((move) => move.from !== undefined)) cache?.flush();
      const { added, removed, promoted, movedSlots } = change;
      if (added.length + removed.length + promoted.length + movedSlots > 0) {
        publishTopology(change);
        events.emit('topology', change);
      }
    },
    removed: (key) => {
      nodes.drop(key).catch(() => {});
    },
    failed: (error) => {
      // Only when someone listens: an unwatched cluster client must not crash the process.
      if (events.listenerCount('error') > 0) events.emit('error', error);
    },
    avoids: (key) => core.watchdog.avoids(key),
  });
  core.topology.start();
  core.watchdog.start();
  return core;
}

// Declaration merging gives the class its generated, typed command methods (installed below).
export interface RedisCluster<S extends string | Buffer = string> extends ClientCommands<S> {}

/**
 * A client for a Redis Cluster. Create it with `createCluster`; it discovers the cluster on the
 * first command.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ nodes: ['redis://127.0.0.1:7001'] });
 * await cluster.set('user:1', 'ada');
 * await cluster.mget('user:1', 'user:2'); // keys in different slots: split and merged
 * await cluster.close();
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are installed on the prototype at load time (installCommands below)
export class RedisCluster<S extends string | Buffer = string> implements CommandSender {
  readonly #core: ClusterCore;
  readonly #settings: CallSettings;

  /** @internal Use `createCluster(options)`. */
  constructor(core: ClusterCore, settings: CallSettings = { returnBuffers: false }) {
    this.#core = core;
    this.#settings = settings;
  }

  /** The client-side cache (`clientSideCache`) the nodes share: its `stats`, and `flush()`. */
  get clientSideCache(): ClientSideCache | undefined {
    return this.#core.cache;
  }

  /** What routing has had to do so far: MOVED and ASK followed, attempts retried. */
  get stats(): Readonly<ClusterStats> {
    return { ...this.#core.stats };
  }

  /**
   * Runs a built command (what the typed methods do), routed by its spec.
   * @throws UnknownOptionError (a TypeError) for an unknown key in `options`; nothing is sent
   */
  send<T>(command: BuiltCommand<T>, options?: CommandOptions): Promise<T> {
    if (options !== undefined) {
      const refused = unknownOptionKey(options, COMMAND_OPTION_KEYS, 'RedisCluster.send()');
      if (refused !== undefined) return Promise.reject(refused);
    }
    return this.#run(
      command.args,
      command.spec ?? undefined,
      options,
      true,
      command.transform,
    ) as Promise<T>;
  }

  /**
   * Sends any command, routed by the keys its spec names (module commands: by the spec the
   * server reports, or to any node when it has none).
   * @throws CrossSlotError (before anything is sent) when its keys span slots and it cannot be split
   * @throws UnknownOptionError (a TypeError) for an unknown key in `options`; nothing is sent
   */
  sendCommand(args: readonly CommandArgument[], options?: CommandOptions): Promise<RespValue> {
    if (options !== undefined) {
      const refused = unknownOptionKey(options, COMMAND_OPTION_KEYS, 'RedisCluster.sendCommand()');
      if (refused !== undefined) return Promise.reject(refused);
    }
    return this.#run(args, undefined, options) as Promise<RespValue>;
  }

  /** Discovers the cluster now rather than on the first command. */
  async connect(): Promise<void> {
    await this.#core.topology.ready();
  }

  /**
   * The same cluster client with per-call defaults (timeout, signal, retryOnReconnect).
   * @throws UnknownOptionError (a TypeError) for an unknown key
   */
  withOptions(options: CommandOptions): RedisCluster<S> {
    checkOptionKeys(options, COMMAND_OPTION_KEYS, 'RedisCluster.withOptions()');
    return new RedisCluster<S>(this.#core, { ...this.#settings, ...options });
  }

  /**
   * A new, independent cluster client with this one's options (`overrides` win over them): its
   * own slot map and node connections, discovered lazily, closed on its own. It replies in this
   * view's form; per-call defaults from `withOptions` are not carried over.
   * @throws TypeError or RangeError when an override is invalid (nothing is opened)
   */
  duplicate(overrides?: Partial<ClusterOptions>): RedisCluster<S> {
    if (overrides !== undefined) checkClusterOptionKeys(overrides, 'RedisCluster.duplicate()');
    const core = createClusterCore({ ...this.#core.given, ...overrides });
    return new RedisCluster<S>(core, { returnBuffers: this.#settings.returnBuffers });
  }

  /** The same cluster client, replying with Buffers. */
  withBuffers(): RedisCluster<Buffer> {
    return new RedisCluster<Buffer>(this.#core, { ...this.#settings, returnBuffers: true });
  }

  /**
   * Commands sent together: each is routed on its own (so they may span nodes), the commands of
   * one node leave in one write, every node is sent to in parallel, each command follows its own
   * redirections, and `exec()` resolves with the replies in the order they were added.
   */
  pipeline(): Pipeline {
    const channel = {
      // Each command goes to its node's shared connection.
      shared: true,
      // Published on redwire:batch without one server: the commands span nodes.
      server: {},
      // The pipeline is published as a batch, not command by command.
      sendRaw: (args: readonly CommandArgument[]) =>
        this.#run(args, undefined, undefined, false) as Promise<RespValue>,
    };
    return new ClusterPipeline(this.#core, this.#settings, channel);
  }

  /**
   * MULTI ... EXEC on the primary of the one slot every key shares.
   * `exec()` rejects with CrossSlotError (nothing sent) when keys span slots. When the slot moves
   * before the block reaches its owner, the block (which did not run) is sent to the new owner.
   */
  multi(): Multi {
    return new Multi(transactionChannel(this.#core, this.#settings.returnBuffers));
  }

  /**
   * The WATCH / read / MULTI ... EXEC loop (see `RedisClient.transaction`) on the primary that owns
   * the keys' one slot. When the slot moves mid-transaction (MOVED on a read, EXECABORT from a
   * redirected queued command), the whole transaction, `fn` included, runs again on the new owner,
   * up to `maxRedirections` times.
   * @throws CrossSlotError when the keys span slots
   */
  async transaction(
    keys: readonly string[],
    fn: (client: RedisClient<S>) => Promise<Multi | undefined> | Multi | undefined,
    options?: TransactionOptions,
  ): Promise<unknown[] | undefined> {
    if (options !== undefined) {
      checkOptionKeys(options, TRANSACTION_OPTION_KEYS, 'RedisCluster.transaction()');
    }
    const slots = [...new Set(keys.map(slotOf))];
    if (slots.length > 1) throw new CrossSlotError('WATCH', slots);
    const slot = slots[0];
    if (slot === undefined) throw new TypeError('transaction(): give at least one key to WATCH');
    for (let attempt = 0; ; attempt++) {
      const map = await this.#core.topology.ready();
      const owner = map.primaryFor(slot);
      if (owner === undefined) throw new ClusterDownError(`No primary serves slot ${slot}`);
      const client = clientOf(this.#core, owner.address, this.#settings.returnBuffers);
      try {
        return await client.transaction(keys, fn as never, options);
      } catch (error) {
        if (!(await this.#slotMoved(error, slot, owner.key))) throw error;
        if (attempt >= this.#core.options.maxRedirections) throw error;
      }
    }
  }

  /**
   * A subscriber across the cluster, on connections of its own made with the node options:
   * channels and patterns on one node, shard channels on the primary of each slot, moved by
   * itself when slots migrate or nodes fail (`moved` event). Strings or Buffers as this view.
   * Lazy; close it (`close()` or `await using`) before the cluster, which it uses for topology.
   *
   * @param options - the defaults of its message streams (`maxBuffered`, `overflow`)
   * @example
   * ```ts
   * await using sub = cluster.subscriber();
   * await sub.ssubscribe('orders', (m) => console.log(m.message));
   * await cluster.spublish('orders', 'hello');
   * ```
   */
  subscriber(options?: StreamOptions): ClusterSubscriber<S> {
    if (options !== undefined) {
      checkOptionKeys(options, STREAM_OPTION_KEYS, 'RedisCluster.subscriber()');
    }
    return createClusterSubscriber<S>(this.#core, this.#settings.returnBuffers, options);
  }

  /**
   * Every key of every primary (filtered by `match` and `type`), one shard after the other; see
   * cluster-scan.ts for what is promised across a failover.
   */
  scanIterator(options?: ScanIteratorOptions): AsyncGenerator<S, void, undefined> {
    checkScanOptions(options, SCAN_ITERATOR_OPTION_KEYS, 'RedisCluster.scanIterator()');
    return scanCluster<S>(this.#core, this.#settings.returnBuffers, options);
  }

  /** Every field of the hash at `key`, with HSCAN on its owner. */
  hscanIterator(
    key: string | Buffer,
    options?: ScanPageOptions,
  ): AsyncGenerator<HashEntry<S>, void, undefined> {
    checkScanOptions(options, SCAN_PAGE_OPTION_KEYS, 'RedisCluster.hscanIterator()');
    return scanHash<S>(this, key, options);
  }

  /** Every member of the set at `key`, with SSCAN on its owner. */
  sscanIterator(
    key: string | Buffer,
    options?: ScanPageOptions,
  ): AsyncGenerator<S, void, undefined> {
    checkScanOptions(options, SCAN_PAGE_OPTION_KEYS, 'RedisCluster.sscanIterator()');
    return scanSet<S>(this, key, options);
  }

  /** Every member of the sorted set at `key` with its score, with ZSCAN on its owner. */
  zscanIterator(
    key: string | Buffer,
    options?: ScanPageOptions,
  ): AsyncGenerator<SortedSetEntry<S>, void, undefined> {
    checkScanOptions(options, SCAN_PAGE_OPTION_KEYS, 'RedisCluster.zscanIterator()');
    return scanSortedSet<S>(this, key, options);
  }

  /**
   * A client per node, for admin work on each (`CONFIG GET`, `INFO`, `DBSIZE` of one node). They
   * are the cluster's own node clients: do not close them; they close with the cluster.
   */
  async nodes(role: NodeRole = 'all'): Promise<RedisClient<S>[]> {
    const map = await this.#core.topology.ready();
    const nodes =
      role === 'primary'
        ? map.primaries()
        : role === 'replica'
          ? map.nodes().filter((n) => n.role === 'replica')
          : map.nodes();
    return nodes.map(
      (node) => clientOf(this.#core, node.address, this.#settings.returnBuffers) as never,
    );
  }

  /** Rebuilds the slot map now from what the nodes say. */
  async refreshTopology(): Promise<void> {
    await this.#core.topology.refresh();
  }

  /**
   * Closes gracefully: commands in flight get their replies, the topology timer stops, every
   * node connection closes. Resolves once all have.
   */
  async close(): Promise<void> {
    const core = this.#core;
    core.closed = true;
    core.cache?.flush();
    core.topology.close();
    core.watchdog.close();
    await core.nodes.close();
  }

  /** Closes now: every pending command and retry rejects. */
  destroy(): void {
    const core = this.#core;
    core.closed = true;
    core.cache?.flush();
    core.topology.close();
    core.watchdog.close();
    for (const wait of [...core.waits]) wait.cancel(new Error('The cluster client was destroyed'));
    core.nodes.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Listens to `topology` (the map changed) and `error` (a background failure). */
  on<E extends keyof ClusterEvents>(event: E, listener: (...args: ClusterEvents[E]) => void): this {
    this.#core.events.on(event, listener as never);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends keyof ClusterEvents>(
    event: E,
    listener: (...args: ClusterEvents[E]) => void,
  ): this {
    this.#core.events.off(event, listener as never);
    return this;
  }

  /** As `on`, for the next time `event` is emitted only. */
  once<E extends keyof ClusterEvents>(
    event: E,
    listener: (...args: ClusterEvents[E]) => void,
  ): this {
    this.#core.events.once(event, listener as never);
    return this;
  }

  [inspect.custom](): string {
    const map = this.#core.topology.map;
    return `RedisCluster ${inspect({
      primaries: map?.primaries().map((n) => n.key),
      nodes: map?.nodes().length,
      closed: this.#core.closed,
    })}`;
  }

  /**
   * Whether a transaction failed because its slot moved: MOVED/ASK on a read or WATCH, or an
   * EXECABORT (a queued command was redirected) after which the map names another owner.
   */
  async #slotMoved(error: unknown, slot: number, owner: string): Promise<boolean> {
    if (!(error instanceof ReplyError)) return false;
    if (error.code !== 'MOVED' && error.code !== 'ASK' && error.code !== 'EXECABORT') return false;
    if (error.code === 'MOVED') this.#core.stats.moved++;
    if (error.code === 'ASK') {
      // Mid-migration: give it a moment to finish rather than spin.
      this.#core.stats.ask++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const map = await this.#core.topology.refresh();
    return error.code !== 'EXECABORT' || map.primaryFor(slot)?.key !== owner;
  }

  /**
   * From the client-side cache when there is one and it can answer (not for batches), else
   * routed; then `transform`. The cache applies it to a hit itself, so a hit settles in one
   * promise.
   */
  #run(
    args: readonly CommandArgument[],
    spec: BuiltCommand['spec'],
    options: CommandOptions | undefined,
    traced = true,
    transform?: BuiltCommand<unknown>['transform'],
  ): Promise<unknown> {
    const cache = this.#core.cache;
    let reply: Promise<RespValue>;
    if (cache === undefined || !traced || this.#core.closed) {
      reply = this.#route(args, spec, options, traced);
    } else {
      const known = spec ?? this.#core.specs.lookup(args);
      const found = cache.lookup(args, known, this.#settings.returnBuffers, transform);
      if (found instanceof Promise) return found;
      reply = this.#route(args, known, options, traced);
      if (found !== undefined) reply = cache.fill(found, reply);
    }
    return transform === undefined ? reply : reply.then(transform);
  }

  #route(
    args: readonly CommandArgument[],
    spec: BuiltCommand['spec'],
    options: CommandOptions | undefined,
    traced: boolean,
  ): Promise<RespValue> {
    const core = this.#core;
    if (core.closed) return Promise.reject(clusterClosedError());
    let route: ReturnType<typeof routeCommand>;
    const known = spec ?? core.specs.lookup(args);
    try {
      route = routeCommand(args, known);
    } catch (error) {
      return Promise.reject(error);
    }
    const settings =
      options === undefined ? this.#settings : { ...this.#settings, ...definedOnly(options) };
    if (!traced || !isTraced(commandChannel)) return execute(core, args, route, settings);
    const trace = new CommandTraceContext(args, known, { database: 0 });
    trace.redirects = [];
    if (route.kind === 'slot') trace.slot = route.slot;
    return commandChannel.tracePromise(
      () => execute(core, args, route, { ...settings, trace }),
      trace,
    );
  }
}

function definedOnly(options: CommandOptions): CommandOptions {
  const out: CommandOptions = {};
  if (options.timeout !== undefined) out.timeout = options.timeout;
  if (options.signal !== undefined) out.signal = options.signal;
  if (options.retryOnReconnect !== undefined) out.retryOnReconnect = options.retryOnReconnect;
  return out;
}

installCommands(
  RedisCluster.prototype,
  CLUSTER_EXCLUDED,
  (cluster: RedisCluster, command) => cluster.send(command),
  'promise',
);
