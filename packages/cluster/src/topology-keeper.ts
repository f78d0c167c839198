/**
 * Keeps the client's slot map in step with the cluster: discovers it from the seeds, rebuilds it
 * when nodes report a different view (after MOVED, after a connection failure, and on a timer),
 * and says what changed. One refresh runs at a time; requests made meanwhile share the next one.
 */
import { performance } from 'node:perf_hooks';
import { ConnectionError } from '@redwire/connection';
import type { NodeClients } from './node-clients.js';
import type { ResolvedClusterOptions } from './options.js';
import { diffViews } from './topology/diff.js';
import { pickMajority, viewDigest } from './topology/digest.js';
import { createViewFetcher, discover, type FetchView, sampleViews } from './topology/discover.js';
import { SlotMap } from './topology/slot-map.js';
import type { NodeAddress, TopologyChange } from './topology/types.js';

/** How many nodes a refresh asks for their view, at random. */
const SAMPLE_SIZE = 3;
/** Refreshes asked for in quick succession (a failover's burst of errors) are this far apart at least. */
const MIN_REFRESH_SPACING_MS = 100;

/** What the keeper tells the cluster. */
export interface TopologyListener {
  changed(change: TopologyChange, map: SlotMap): void;
  /** A node that left the topology: its connections can go. */
  removed(key: string): void;
  /** A refresh nobody waited for failed (the map in use stays as it was). */
  failed(error: Error): void;
  /** Whether to leave a node out of the sample: suspected frozen, its query would only time out. */
  avoids(key: string): boolean;
}

export class TopologyKeeper {
  readonly #options: ResolvedClusterOptions;
  readonly #listener: TopologyListener;
  #map: SlotMap | undefined;
  #digest: string | undefined;
  #running: Promise<SlotMap> | undefined;
  #again = false;
  #lastStarted = -Infinity;
  #spacingTimer: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #closed = false;
  /** When a node last gave its view (`performance.now()` scale). */
  #lastAnswer = Number.NEGATIVE_INFINITY;
  readonly #fetchView: FetchView;

  constructor(options: ResolvedClusterOptions, nodes: NodeClients, listener: TopologyListener) {
    this.#options = options;
    this.#listener = listener;
    const fetchView = createViewFetcher((address, args) => nodes.query(address, args), {
      tls: options.tls,
      nodeAddressMap: options.nodeAddressMap,
    });
    this.#fetchView = async (address) => {
      const view = await fetchView(address);
      this.#lastAnswer = performance.now();
      return view;
    };
  }

  /** When a node last answered a topology query (`performance.now()` scale), or -Infinity. */
  get lastAnswer(): number {
    return this.#lastAnswer;
  }

  /** The current map, once discovered. */
  get map(): SlotMap | undefined {
    return this.#map;
  }

  /** The map, discovering it first if needed. Rejects with a `ConnectionError` naming every seed tried when none answered. */
  ready(): Promise<SlotMap> {
    if (this.#map !== undefined) return Promise.resolve(this.#map);
    return this.refresh();
  }

  /** Rebuilds the map now (or joins the refresh already running, and runs once more after it). */
  refresh(): Promise<SlotMap> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#lastStarted = performance.now();
    const running = this.#refreshOnce().finally(() => {
      this.#running = undefined;
      if (this.#again && !this.#closed) {
        this.#again = false;
        this.requestRefresh();
      }
    });
    this.#running = running;
    return running;
  }

  /**
   * Asks for a refresh soon without waiting for it: after MOVED, a lost connection, CLUSTERDOWN.
   * Bursts of requests collapse into one refresh per `MIN_REFRESH_SPACING_MS`.
   */
  requestRefresh(): void {
    if (this.#closed || this.#spacingTimer !== undefined) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    const wait = this.#lastStarted + MIN_REFRESH_SPACING_MS - performance.now();
    if (wait <= 0) {
      this.refresh().catch((error: Error) => this.#listener.failed(error));
      return;
    }
    this.#spacingTimer = setTimeout(() => {
      this.#spacingTimer = undefined;
      this.refresh().catch((error: Error) => this.#listener.failed(error));
    }, wait);
  }

  /** Starts the periodic check (a timer that does not keep the process alive). */
  start(): void {
    const every = this.#options.topologyCheckInterval;
    if (every === false || this.#interval !== undefined || this.#closed) return;
    this.#interval = setInterval(() => this.requestRefresh(), every);
    this.#interval.unref();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#interval);
    clearTimeout(this.#spacingTimer);
    this.#spacingTimer = undefined;
  }

  async #refreshOnce(): Promise<SlotMap> {
    const known = this.#sampled();
    // A few known nodes, compared by digest; the seeds (never forgotten) when none answers.
    let { views } = await sampleViews(known, SAMPLE_SIZE, this.#fetchView);
    if (views.length === 0) {
      try {
        views = [await discover(this.#options.seeds, this.#fetchView)];
      } catch (error) {
        // Keep serving from the map we have (and say why it could not be checked); only a
        // client that never had one fails.
        if (this.#map === undefined) throw error;
        this.#listener.failed(error as Error);
        return this.#map;
      }
    }
    const view = pickMajority(views);
    if (view === undefined) return this.#map ?? (await this.#refreshFailed());
    const digest = viewDigest(view);
    if (digest === this.#digest && this.#map !== undefined) return this.#map;
    const before = this.#map?.view;
    const map = new SlotMap(view);
    this.#map = map;
    this.#digest = digest;
    const change = diffViews(before, view);
    this.#listener.changed(change, map);
    for (const key of change.removed) this.#listener.removed(key);
    return map;
  }

  /**
   * The nodes a refresh may ask: not suspected, not failed by the map's own account (a frozen
   * node's query would hold the refresh for its whole timeout); all of them when that leaves none.
   */
  #sampled(): NodeAddress[] {
    const nodes = this.#map?.nodes() ?? [];
    const usable = nodes.filter(
      (node) => node.health !== 'failed' && !this.#listener.avoids(node.key),
    );
    return (usable.length > 0 ? usable : nodes).map((node) => node.address);
  }

  #refreshFailed(): never {
    throw new ConnectionError('No node of the cluster gave a view serving any slot');
  }
}

function closedError(): ConnectionError {
  return new ConnectionError('The cluster client is closed', { code: 'REDWIRE_CONNECTION_CLOSED' });
}
