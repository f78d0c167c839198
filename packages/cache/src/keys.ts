/**
 * The names the cache gives things in Redis, all under its namespace. The parts are kept apart by
 * a one-letter kind (`v` value, `l` lock, `t` tag set), so no user key can name another's lock.
 *
 * On a cluster: a value and its lock hash like the user's key (a `{hash tag}` in it is kept), so
 * the entries of a cache spread over every shard; a tag's set is hash-tagged by the tag
 * (`<ns>:t:{<tag>}`), so one tag lives in one slot and its members are deleted split by slot.
 */

/** Redis key and channel names for one namespace. */
export class CacheKeys {
  readonly #namespace: string;
  /** Lock releases are published here (message: the user key). */
  readonly releaseChannel: string;
  /** Invalidations are published here (message: JSON, see cache-channel.ts). */
  readonly invalidateChannel: string;

  /** @param namespace - checked by the options: non-empty, no `{` or `}` */
  constructor(namespace: string) {
    this.#namespace = namespace;
    this.releaseChannel = `${namespace}:release`;
    this.invalidateChannel = `${namespace}:invalidate`;
  }

  /** The Redis key of `key`'s entry. */
  value(key: string): string {
    return `${this.#namespace}:v:${key}`;
  }

  /** The Redis key of `key`'s stampede lock. */
  lock(key: string): string {
    return `${this.#namespace}:l:${key}`;
  }

  /** The Redis key of the set of entries tagged `tag`. */
  tag(tag: string): string {
    return `${this.#namespace}:t:{${tag}}`;
  }
}
