/**
 * The dashboard's list of recent cluster events: what the service's own cluster client saw
 * (its `topology` event: nodes added, removed or promoted, slots that moved) and what the demo
 * did to the cluster (a primary killed from the page). Bounded: the newest `limit` are kept.
 */
import type { RedisCluster, TopologyChange } from 'redwire';

/** What the log needs of a cluster client: its `topology` event. */
export type TopologySource = Pick<RedisCluster, 'on' | 'off'>;

/** One line of the list. */
export interface TopologyEvent {
  /** When, as milliseconds since the epoch. */
  readonly at: number;
  /** `failover` (a replica promoted), `topology` (anything else that moved) or `action`. */
  readonly kind: 'failover' | 'topology' | 'action';
  readonly text: string;
}

/** The recent events of one cluster client, newest first. */
export class TopologyLog {
  readonly #events: TopologyEvent[] = [];
  readonly #limit: number;
  readonly #cluster: TopologySource;
  readonly #onTopology = (change: TopologyChange) => this.#record(change);

  /**
   * Listens to `cluster`'s topology changes until `close()`.
   * @param limit - events kept; older ones are dropped
   */
  constructor(cluster: TopologySource, limit = 50) {
    this.#cluster = cluster;
    this.#limit = limit;
    cluster.on('topology', this.#onTopology);
  }

  /** Newest first. */
  get events(): readonly TopologyEvent[] {
    return this.#events;
  }

  /** Adds an event the demo caused (a primary killed from the page). */
  note(text: string): void {
    this.#push({ at: Date.now(), kind: 'action', text });
  }

  /** Stops listening to the cluster. */
  close(): void {
    this.#cluster.off('topology', this.#onTopology);
  }

  #record(change: TopologyChange): void {
    const at = Date.now();
    for (const node of change.promoted) {
      const from = change.moves.filter((move) => move.to === node).map((move) => move.from);
      const before = [...new Set(from.filter((key) => key !== undefined))];
      this.#push({
        at,
        kind: 'failover',
        text: `${node} promoted to primary${before.length > 0 ? `, taking over from ${before.join(', ')}` : ''}`,
      });
    }
    const parts: string[] = [];
    if (change.added.length > 0) parts.push(`added ${change.added.join(', ')}`);
    if (change.removed.length > 0) parts.push(`removed ${change.removed.join(', ')}`);
    if (change.movedSlots > 0) parts.push(`${change.movedSlots} slots changed primary`);
    if (parts.length > 0)
      this.#push({ at, kind: 'topology', text: `slot map: ${parts.join('; ')}` });
  }

  #push(event: TopologyEvent): void {
    this.#events.unshift(event);
    if (this.#events.length > this.#limit) this.#events.length = this.#limit;
  }
}
