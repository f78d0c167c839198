/**
 * Tags: which entries belong to a tag, so one call drops them all on every shard.
 *
 * Each tag is a set of entry keys at `<ns>:t:{<tag>}`, hash-tagged so the whole set lives in one
 * slot (one node) however its members spread. Dropping a tag takes the set's members and deletes
 * the set in one script (no member added in between is lost), then UNLINKs the members in
 * batches; a cluster client splits each batch by slot and sends every part to its owner.
 *
 * A set lives as long as its longest-lived member: each add raises its TTL to the entry's when
 * lower, so sets of expired entries go away on their own.
 */
import { defineScript } from '@redwire/client';
import type { CacheRedis } from './cache-redis.js';
import type { CacheKeys } from './keys.js';

const ADD = defineScript(
  `redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`,
  { numberOfKeys: 1, name: 'redwire-cache-tag-add' },
);

const TAKE = defineScript(
  "local members = redis.call('SMEMBERS', KEYS[1]) redis.call('DEL', KEYS[1]) return members",
  { numberOfKeys: 1, name: 'redwire-cache-tag-take' },
);

/** Keys per UNLINK: bounds one command's size when a tag holds very many entries. */
const UNLINK_BATCH = 500;

/** The tag sets of one namespace. */
export class TagIndex {
  readonly #redis: CacheRedis;
  readonly #keys: CacheKeys;

  constructor(redis: CacheRedis, keys: CacheKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /** Records that the entry at `entryKey` (a Redis key) belongs to `tags`, for `ttl` ms at least. */
  async add(entryKey: string, tags: readonly string[], ttl: number): Promise<void> {
    await Promise.all(
      tags.map((tag) =>
        ADD.run(this.#redis, { keys: [this.#keys.tag(tag)], args: [entryKey, ttl] }),
      ),
    );
  }

  /**
   * Deletes every entry of `tags`, and the tags' sets.
   * @returns how many entries were deleted
   */
  async invalidate(tags: readonly string[]): Promise<number> {
    const taken = await Promise.all(
      tags.map((tag) => TAKE.run(this.#redis, { keys: [this.#keys.tag(tag)] })),
    );
    const members = [...new Set(taken.flatMap((reply) => (Array.isArray(reply) ? reply : [])))];
    let deleted = 0;
    const batches: Promise<unknown>[] = [];
    for (let i = 0; i < members.length; i += UNLINK_BATCH) {
      const batch = members.slice(i, i + UNLINK_BATCH).map(String);
      batches.push(
        this.#redis.sendCommand(['UNLINK', ...batch]).then((n) => {
          deleted += typeof n === 'number' ? n : 0;
        }),
      );
    }
    await Promise.all(batches);
    return deleted;
  }
}
