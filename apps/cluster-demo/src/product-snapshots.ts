/**
 * `GET /products?ids=...`: many products in one cross-slot MGET.
 *
 * Why plain keys beside the cache's entries: `@redwire/cache` stores each entry in its own
 * envelope (the serializer's bytes plus refresh metadata) and has no batched read, so an MGET over
 * its keys would tie the service to the cache's storage format. The batch route keeps its own
 * copies instead: one JSON string per product under `<prefix>:snapshot:product:<id>`, spread over
 * every slot, read with one `cluster.mget` (which the client splits by slot, sends to the nodes
 * in parallel and merges in order), filled from one origin query for whatever was missing, and
 * dropped on every write beside the cache's entry. A batch read that races a write can store the
 * old row again; the TTL bounds how long.
 */
import type { RedisCluster } from 'redwire';
import type { DegradedLog } from './degraded-log.js';
import type { Catalog } from './origin/catalog.js';
import type { Product } from './product.js';

/** The answer to a batch read. */
export interface ProductBatch {
  /** The products found, in the order asked for. */
  readonly products: Product[];
  /** The ids with no product. */
  readonly missing: number[];
  /** How many came from Redis (the rest from one origin query). */
  readonly fromRedis: number;
  /** `true` when Redis failed and the origin answered everything. */
  readonly degraded: boolean;
}

/** Products as plain JSON strings in the cluster, read many at a time. */
export class ProductSnapshots {
  readonly #cluster: RedisCluster;
  readonly #catalog: Catalog;
  readonly #degraded: DegradedLog;
  readonly #prefix: string;
  readonly #ttlSeconds: number;

  constructor(
    cluster: RedisCluster,
    catalog: Catalog,
    degraded: DegradedLog,
    options: { keyPrefix: string; ttl: number },
  ) {
    this.#cluster = cluster;
    this.#catalog = catalog;
    this.#degraded = degraded;
    this.#prefix = `${options.keyPrefix}:snapshot:product:`;
    this.#ttlSeconds = Math.max(1, Math.round(options.ttl / 1000));
  }

  /**
   * Products `ids` (distinct), from one MGET and, for those not in Redis, one origin query.
   * @throws OriginUnavailableError when the origin had to answer and could not
   */
  async getMany(ids: readonly number[]): Promise<ProductBatch> {
    let stored: (string | null)[];
    try {
      stored = (await this.#cluster.mget(...ids.map((id) => this.#prefix + id))) as (
        | string
        | null
      )[];
    } catch (error) {
      this.#degraded.record('batch read', error);
      return this.#answer(ids, await this.#catalog.findMany(ids), 0, true);
    }
    const found = new Map<number, Product>();
    ids.forEach((id, i) => {
      const json = stored[i];
      if (json !== null && json !== undefined) found.set(id, JSON.parse(json) as Product);
    });
    const fromRedis = found.size;
    const absent = ids.filter((id) => !found.has(id));
    if (absent.length > 0) {
      const loaded = await this.#catalog.findMany(absent);
      for (const product of loaded) found.set(product.id, product);
      await this.#store(loaded);
    }
    return this.#answer(ids, [...found.values()], fromRedis, false);
  }

  /** Drops product `id`'s copy, after a write. */
  async drop(id: number): Promise<void> {
    await this.#cluster.del(this.#prefix + id);
  }

  async #store(products: readonly Product[]): Promise<void> {
    if (products.length === 0) return;
    // One pipeline across the nodes; a failure only means the next read loads them again.
    const pipeline = this.#cluster.pipeline();
    for (const product of products) {
      pipeline.set(this.#prefix + product.id, JSON.stringify(product), { ex: this.#ttlSeconds });
    }
    try {
      await pipeline.exec();
    } catch (error) {
      this.#degraded.record('batch store', error);
    }
  }

  #answer(
    ids: readonly number[],
    products: readonly Product[],
    fromRedis: number,
    degraded: boolean,
  ): ProductBatch {
    const byId = new Map(products.map((product) => [product.id, product]));
    return {
      products: ids.flatMap((id) => byId.get(id) ?? []),
      missing: ids.filter((id) => !byId.has(id)),
      fromRedis,
      degraded,
    };
  }
}
