/**
 * The traffic `npm run demo:load` sends: mostly single reads over a skewed id distribution (a
 * few products are hot, most are rarely asked for, as in a real catalogue), some batch reads and
 * a few writes.
 */

/** The share of each kind of request, summing to 1. */
export const MIX = { get: 0.88, batch: 0.1, put: 0.02 } as const;

/** One request to send. */
export interface LoadRequest {
  readonly kind: keyof typeof MIX;
  readonly method: 'GET' | 'PUT';
  readonly path: string;
  readonly body?: string;
}

/**
 * An id in 1..products, log-uniform: P(id <= k) = ln k / ln products. With 100,000 products,
 * half of the reads ask for the 316 first ones and 1 in 5 for the 10 first.
 */
export function skewedId(products: number, random: () => number = Math.random): number {
  const id = Math.floor(products ** random());
  return Math.min(Math.max(id, 1), products);
}

/** Picks requests by the mix; `random` is injectable so tests can pin it. */
export function requestPicker(
  products: number,
  random: () => number = Math.random,
): () => LoadRequest {
  let version = 0;
  return () => {
    const roll = random();
    if (roll < MIX.get) {
      return { kind: 'get', method: 'GET', path: `/products/${skewedId(products, random)}` };
    }
    if (roll < MIX.get + MIX.batch) {
      const count = 5 + Math.floor(random() * 16);
      const ids = new Set<number>();
      while (ids.size < Math.min(count, products)) ids.add(skewedId(products, random));
      return { kind: 'batch', method: 'GET', path: `/products?ids=${[...ids].join(',')}` };
    }
    version += 1;
    return {
      kind: 'put',
      method: 'PUT',
      path: `/products/${skewedId(products, random)}`,
      body: JSON.stringify({ stock: version % 1000 }),
    };
  };
}
