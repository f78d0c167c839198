/**
 * `GET /products/:id` and `PUT /products/:id` in cache-aside: reads through `@redwire/cache`
 * (single flight in the process, a lock across processes, early refresh, "not found" remembered),
 * writes to the origin first and then invalidate, which the cache broadcasts to every other
 * process of the service. When Redis fails, reads go to the origin directly.
 */
import type { Cache } from 'redwire';
import type { DegradedLog } from './degraded-log.js';
import { OriginUnavailableError } from './errors.js';
import type { Catalog } from './origin/catalog.js';
import type { Product, ProductUpdate } from './product.js';
import type { ProductSnapshots } from './product-snapshots.js';

/** Where a read's answer came from, as the `x-cache` header says it. */
export type CacheOutcome =
  /** From Redis (a remembered "not found" included), or from a load another caller made. */
  | 'hit'
  /** This request ran the load. */
  | 'miss'
  /** Redis failed; the origin answered directly. */
  | 'bypass';

/** A product read: the product (`undefined`: none with that id) and where it came from. */
export interface ProductRead {
  readonly product: Product | undefined;
  readonly cache: CacheOutcome;
}

/** The cache key of product `id`, inside the cache's namespace. */
export function productKey(id: number): string {
  return `product:${id}`;
}

/** Reads and writes products through the cache. */
export class ProductCache {
  readonly #cache: Cache;
  readonly #catalog: Catalog;
  readonly #snapshots: ProductSnapshots;
  readonly #degraded: DegradedLog;

  constructor(cache: Cache, catalog: Catalog, snapshots: ProductSnapshots, degraded: DegradedLog) {
    this.#cache = cache;
    this.#catalog = catalog;
    this.#snapshots = snapshots;
    this.#degraded = degraded;
  }

  /**
   * Product `id` from the cache, loaded from the origin on a miss.
   * @throws OriginUnavailableError when the origin had to answer and could not
   */
  async get(id: number): Promise<ProductRead> {
    let loaded = false;
    try {
      const product = await this.#cache.getOrSet<Product>(productKey(id), async () => {
        loaded = true;
        return this.#catalog.findById(id);
      });
      return { product, cache: loaded ? 'miss' : 'hit' };
    } catch (error) {
      // The origin's own failure is the caller's 503; anything else came from Redis.
      if (error instanceof OriginUnavailableError) throw error;
      this.#degraded.record('product read', error);
      return { product: await this.#catalog.findById(id), cache: 'bypass' };
    }
  }

  /**
   * Updates the origin, then drops the cached entry (other processes hear of it through the
   * cache's broadcast) and the batch route's copy. In that order, or a reader could store the
   * old row again.
   * @returns the product as written and whether the cache entry could be dropped
   * @throws OriginUnavailableError when the origin could not be written
   */
  async update(
    id: number,
    update: ProductUpdate,
  ): Promise<{ product: Product | undefined; invalidated: boolean }> {
    const product = await this.#catalog.update(id, update);
    if (product === undefined) return { product, invalidated: false };
    try {
      await Promise.all([this.#cache.delete(productKey(id)), this.#snapshots.drop(id)]);
      return { product, invalidated: true };
    } catch (error) {
      // The write stands; the old entry lives until its TTL. Said in the response's header.
      this.#degraded.record('invalidation', error);
      return { product, invalidated: false };
    }
  }
}
