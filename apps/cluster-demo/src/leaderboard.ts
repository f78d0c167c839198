/**
 * The most viewed products: a sorted set in the cluster, one ZINCRBY per product view, read back
 * with ZRANGE ... REV WITHSCORES. One key, so one slot and one node: the hot spot is on purpose
 * small (one member per product) and every view is a single O(log n) command.
 */
import type { RedisCluster } from 'redwire';
import type { DegradedLog } from './degraded-log.js';

/** One row of the leaderboard. */
export interface LeaderboardEntry {
  readonly id: number;
  readonly views: number;
}

/** Product views counted in a sorted set. */
export class Leaderboard {
  readonly #cluster: RedisCluster;
  readonly #degraded: DegradedLog;
  readonly #key: string;

  constructor(cluster: RedisCluster, degraded: DegradedLog, keyPrefix: string) {
    this.#cluster = cluster;
    this.#degraded = degraded;
    this.#key = `${keyPrefix}:leaderboard:views`;
  }

  /**
   * Counts a view of product `id`. Never rejects: a view that cannot be counted is not worth
   * failing the read it belongs to.
   */
  async recordView(id: number): Promise<void> {
    try {
      await this.#cluster.zincrby(this.#key, 1, String(id));
    } catch (error) {
      this.#degraded.record('view count', error);
    }
  }

  /**
   * The `limit` most viewed products, most viewed first.
   * @throws the cluster's error when Redis fails: there is no other copy to answer from
   */
  async top(limit: number): Promise<LeaderboardEntry[]> {
    const reply = await this.#cluster.zrange(this.#key, 0, limit - 1, {
      rev: true,
      withscores: true,
    });
    return toEntries(reply as { member: string; score: number }[]);
  }
}

/** ZRANGE ... WITHSCORES as redwire normalises it: `{ member, score }` per member. */
export function toEntries(reply: readonly { member: string; score: number }[]): LeaderboardEntry[] {
  return reply.map(({ member, score }) => ({ id: Number(member), views: score }));
}
