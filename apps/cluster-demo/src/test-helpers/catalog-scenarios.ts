/**
 * The end-to-end scenarios every origin must pass (PGlite and PostgreSQL): two services on one
 * database, as two processes of one deployment, against the harness's cluster.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Catalog, PRODUCTS_TABLE } from '../origin/catalog.js';
import type { SqlDatabase } from '../origin/sql-database.js';
import type { Product } from '../product.js';
import { startTestService, type TestService, uniquePrefix, waitFor } from './test-service.js';

/** Product `id` as the seed writes it (see Catalog.seed). */
export function seededName(id: number): string {
  const materials = [
    'Brass',
    'Oak',
    'Linen',
    'Copper',
    'Walnut',
    'Granite',
    'Wool',
    'Bamboo',
    'Steel',
    'Cedar',
  ];
  const things = [
    'Lamp',
    'Chair',
    'Kettle',
    'Desk',
    'Vase',
    'Clock',
    'Shelf',
    'Mug',
    'Rug',
    'Stool',
    'Bowl',
    'Bench',
  ];
  return `${materials[id % 10]} ${things[Math.floor(id / 10) % 12]} #${id}`;
}

/**
 * Registers the scenarios in the calling `describe`. `open` gives a database (seeded by the
 * first service), closed after the scenarios. Each run has its own key prefix, so on a shared
 * PostgreSQL whose rows earlier runs edited, only values this run wrote are asserted.
 */
export function catalogScenarios(open: () => Promise<SqlDatabase>): void {
  let db: SqlDatabase;
  let a: TestService;
  let b: TestService;

  beforeAll(async () => {
    db = await open();
    const keyPrefix = uniquePrefix();
    a = await startTestService(db, { keyPrefix });
    b = await startTestService(db, { keyPrefix });
  });

  afterAll(async () => {
    await Promise.allSettled([a?.service.close(), b?.service.close()]);
    await db?.close();
  });

  it('seeds at least 100,000 products, once', async () => {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${PRODUCTS_TABLE}`);
    expect(row?.n).toBeGreaterThanOrEqual(100_000);
    await new Catalog(db).seed(100_000); // a second start changes nothing
    const [again] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${PRODUCTS_TABLE}`,
    );
    expect(again?.n).toBe(row?.n);
  });

  it('loads a cold product once for 500 concurrent GETs, then serves it from the cache', async () => {
    const id = 77_777;
    const before = a.service.catalog.lookups;
    const responses = await Promise.all(
      Array.from({ length: 500 }, () => a.request(`/products/${id}`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(500).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Product[];
    expect(new Set(bodies.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(bodies[0]?.id).toBe(id);
    expect(a.service.catalog.lookups - before).toBe(1);
    expect(responses.filter((r) => r.headers.get('x-cache') === 'miss')).toHaveLength(1);
    const again = await a.request(`/products/${id}`);
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(a.service.catalog.lookups - before).toBe(1);
  });

  it('answers 404 for a missing product and remembers it', async () => {
    const before = a.service.catalog.lookups;
    const first = await a.request('/products/2000000000');
    expect(first.status).toBe(404);
    expect(await first.json()).toMatchObject({ message: 'no product with id 2000000000' });
    const second = await a.request('/products/2000000000');
    expect([second.status, second.headers.get('x-cache')]).toEqual([404, 'hit']);
    expect(a.service.catalog.lookups - before).toBe(1);
  });

  it('writes the origin on PUT, and the other instance hears the invalidation and reloads', async () => {
    const id = 4_242;
    expect((await (await b.request(`/products/${id}`)).json()) as Product).toMatchObject({ id });
    // Whole cents as one division: 10 + 56.49 would be 66.49000000000001, which no database keeps.
    const price = Math.round(1_000 + Math.random() * 8_000) / 100;
    const put = await a.request(`/products/${id}`, { method: 'PUT', body: { price, stock: 7 } });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ id, name: seededName(id), price, stock: 7 });
    expect(put.headers.get('x-cache-invalidated')).toBe('true');
    const heard = () =>
      b
        .request('/metrics')
        .then(async (r) => /demo_cache_invalidations_received_total [1-9]/.test(await r.text()));
    await waitFor(heard);
    const reread = await b.request(`/products/${id}`);
    expect(reread.headers.get('x-cache')).toBe('miss');
    expect(await reread.json()).toMatchObject({ id, price, stock: 7 });
  });

  it('reads many products with one MGET, loading only the missing ones from the origin', async () => {
    const path = '/products?ids=11,12,13,2000000001,11';
    const before = a.service.catalog.lookups;
    const first = await a.request(path);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { products: Product[]; missing: number[] };
    expect(body.products.map((p) => [p.id, p.name])).toEqual(
      [11, 12, 13].map((id) => [id, seededName(id)]),
    );
    expect(body.missing).toEqual([2_000_000_001]);
    const second = await a.request(path);
    expect(second.headers.get('x-cache')).toBe('3/4');
    // One origin query per call for what Redis did not hold.
    expect(a.service.catalog.lookups - before).toBe(2);
  });

  it('ranks viewed products on the leaderboard', async () => {
    const response = await a.request('/leaderboard?limit=3');
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as {
      entries: { id: number; views: number; name: string }[];
    };
    expect(entries[0]).toMatchObject({ id: 77_777, name: seededName(77_777) });
    expect(entries[0]?.views).toBeGreaterThanOrEqual(501);
  });
}
