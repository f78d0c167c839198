/**
 * The live dashboard's state and its feed: the last minute of requests (`RequestWindow`), the
 * nodes as the cluster sees them (`ClusterView`), recent topology events (`TopologyLog`), and
 * whether the page may fail over a primary. Open pages get a snapshot as soon as they connect,
 * then one a second; with no page open, nothing is polled.
 */
import type { ServerResponse } from 'node:http';
import type { RedisCluster } from 'redwire';
import { ClusterView, type NodeView } from './cluster-view.js';
import { EventStream } from './event-stream.js';
import { cacheOutcome, RequestWindow, type WindowSummary } from './request-window.js';
import { type TopologyEvent, TopologyLog } from './topology-log.js';

/** What one SSE message tells the page. */
export interface DashboardSnapshot {
  /** When it was taken, in milliseconds since the epoch. */
  readonly at: number;
  /** The origin database, as the page names it. */
  readonly origin: string;
  /** The cluster's nodes; `null` until one answered, or when none does. */
  readonly nodes: readonly NodeView[] | null;
  readonly window: WindowSummary;
  /** Newest first. */
  readonly events: readonly TopologyEvent[];
  /** Whether the page's "fail over a primary" button may be used, and if not, why. */
  readonly failover: { readonly enabled: boolean; readonly note: string };
}

/** How a dashboard is wired to its service. */
export interface DashboardOptions {
  /** The origin database's name on the page. */
  readonly origin: string;
  /** Whether this process may kill a primary (it started the cluster); asked at each snapshot. */
  readonly canFailOver: () => boolean;
  /** Milliseconds between snapshots. @defaultValue 1000 */
  readonly interval?: number;
}

/** Why the button is off, for a service that did not start its cluster. */
export const FAILOVER_DISABLED_NOTE =
  'This service did not start its cluster, so it will not kill one of its nodes: npm run demo starts a cluster of its own and enables the button.';

/** The dashboard of one service. */
export class Dashboard {
  readonly #window = new RequestWindow();
  readonly #view: ClusterView;
  readonly #log: TopologyLog;
  readonly #stream = new EventStream();
  readonly #options: DashboardOptions;
  #nodes: NodeView[] | null = null;
  #reading = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(cluster: RedisCluster, options: DashboardOptions) {
    this.#options = options;
    this.#view = new ClusterView(cluster);
    this.#log = new TopologyLog(cluster);
  }

  /** Pages connected now. */
  get streams(): number {
    return this.#stream.size;
  }

  /** Counts one answered request of the service's API (not the dashboard's own). */
  record(status: number, ms: number, xCache: unknown): void {
    this.#window.record(status, ms, cacheOutcome(xCache));
  }

  /** Adds an event the demo caused to the list, and tells the pages at once. */
  note(text: string): void {
    this.#log.note(text);
    this.#stream.send(this.snapshot());
  }

  /** The state as a page receives it. */
  snapshot(): DashboardSnapshot {
    const enabled = this.#options.canFailOver();
    return {
      at: Date.now(),
      origin: this.#options.origin,
      nodes: this.#nodes,
      window: this.#window.summary(),
      events: this.#log.events,
      failover: { enabled, note: enabled ? '' : FAILOVER_DISABLED_NOTE },
    };
  }

  /**
   * Streams snapshots on `response` (taken over from the framework) until its client leaves or
   * the dashboard closes; answers 503 once closed or with too many pages open.
   */
  open(response: ServerResponse): void {
    if (!this.#stream.open(response, this.snapshot())) return;
    this.#refreshNodes();
    if (this.#timer === undefined && !this.#closed) {
      this.#timer = setInterval(() => this.#tick(), this.#options.interval ?? 1_000);
    }
  }

  /** Ends every open stream, stops the timer and the topology listener. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stream.close();
    this.#log.close();
  }

  #tick(): void {
    if (this.#stream.size === 0) {
      // Nobody watching: stop polling the cluster until a page connects again.
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    this.#stream.send(this.snapshot());
    this.#refreshNodes();
  }

  /** Reads the nodes again unless a read is under way, then sends the pages what changed. */
  #refreshNodes(): void {
    if (this.#reading || this.#closed) return;
    this.#reading = true;
    this.#view
      .read()
      .then((nodes) => {
        const changed = JSON.stringify(nodes) !== JSON.stringify(this.#nodes);
        this.#nodes = nodes;
        if (changed && !this.#closed) this.#stream.send(this.snapshot());
      })
      .catch(() => {
        // read() answers null rather than failing; nothing else here throws.
      })
      .finally(() => {
        this.#reading = false;
      });
  }
}
