/**
 * The service end to end on embedded PGlite and the harness's six-node cluster: the catalogue
 * scenarios every origin passes, then what only needs one origin: validation, the rate limiter,
 * /metrics, the origin down, Redis down, and a graceful close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSnapshot } from './dashboard/dashboard.js';
import { openPgliteDatabase } from './origin/pglite-database.js';
import type { SqlDatabase } from './origin/sql-database.js';
import { catalogScenarios } from './test-helpers/catalog-scenarios.js';
import { startTestService, type TestService, waitFor } from './test-helpers/test-service.js';

describe('the demo service on PGlite', () => {
  catalogScenarios(() => openPgliteDatabase());
});

describe('the demo service, beyond the catalogue', () => {
  let db: SqlDatabase;
  let service: TestService;

  beforeAll(async () => {
    db = await openPgliteDatabase();
    service = await startTestService(db, { productCount: 1_000, writeLimit: 3 });
  });

  afterAll(async () => {
    await service?.service.close();
    await db?.close();
  });

  it.each([
    ['/products/abc', 'params/id must be integer'],
    ['/products/1.5', 'params/id must be integer'],
    ['/products/0', 'params/id must be >= 1'],
    ['/products/99999999999', 'params/id must be <= 2147483647'],
    ['/products?ids=1,x', 'querystring/ids must match pattern'],
    ['/products', "querystring must have required property 'ids'"],
    [
      `/products?ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`,
      'at most 100 distinct ids',
    ],
    ['/leaderboard?limit=0', 'querystring/limit must be >= 1'],
  ])('answers GET %s with 400 and says why', async (path, message) => {
    const response = await service.request(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { statusCode: number; message: string };
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain(message);
  });

  it.each([
    [{}, 'body must NOT have fewer than 1 properties'],
    [{ price: -1 }, 'body/price must be >= 0'],
    [{ stock: 'many' }, 'body/stock must be integer'],
    [{ colour: 'red' }, 'body must NOT have additional properties'],
  ])('answers PUT with body %j with 400 and says why', async (body, message) => {
    const response = await service.request('/products/1', { method: 'PUT', body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(message);
  });

  it('limits writes per client with a Redis script: 429 with Retry-After past the limit', async () => {
    // The 400s above were refused before the limiter; these are the window's first writes.
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await service.request('/products/3', { method: 'PUT', body: { stock: i } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await last?.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  it('exports Prometheus metrics: latency by route and status, cache, commands per node', async () => {
    await service.request('/products/9');
    await service.request('/products/9');
    const response = await service.request('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/products\/:id",status_code="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="PUT",route="\/products\/:id",status_code="429"\} 1/,
    );
    expect(text).toMatch(/demo_cache_events_total\{event="hit"\} [1-9]/);
    expect(text).toMatch(/demo_cache_events_total\{event="load"\} [1-9]/);
    expect(text).toMatch(/demo_origin_lookups_total [1-9]/);
    expect(text).toMatch(
      /redwire_commands_total\{node="127\.0\.0\.1:\d+",command="GET",outcome="ok"\} [1-9]/,
    );
    expect(text).toContain('# TYPE redwire_redirects_total counter');
    expect(text).toContain('# TYPE redwire_failovers_total counter');
    expect(text).toContain('# TYPE redwire_reconnects_total counter');
  });

  it('serves the root page naming the routes', async () => {
    const response = await service.request('/');
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('/leaderboard');
  });

  it('streams dashboard snapshots on /events: six nodes, and the API traffic without its own', async () => {
    const abort = new AbortController();
    const response = await fetch(`${service.url}/events`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    /** The next snapshot that satisfies `check`. */
    const next = async (check: (s: DashboardSnapshot) => boolean): Promise<DashboardSnapshot> => {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = /^data: (.*)$/m.exec(message)?.[1];
          const snapshot = data === undefined ? undefined : (JSON.parse(data) as DashboardSnapshot);
          if (snapshot !== undefined && check(snapshot)) return snapshot;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffered += value;
      }
    };
    try {
      const first = await next((s) => s.nodes?.length === 6);
      expect(first.nodes?.filter((n) => n.role === 'primary' && n.slots !== '')).toHaveLength(3);
      expect(first.failover.enabled).toBe(false);
      const before = first.window.requests;
      for (const path of ['/products/9', '/products?ids=9,10', '/metrics', '/']) {
        await (await service.request(path)).arrayBuffer();
      }
      // The two API reads count, the metrics scrape and the page do not.
      const after = await next((s) => s.window.requests >= before + 2);
      expect(after.window.requests).toBe(before + 2);
      expect(service.service.dashboard.streams).toBe(1);
    } finally {
      abort.abort();
    }
    await waitFor(() => service.service.dashboard.streams === 0);
  });

  it('answers 503 when the origin is down, and still serves what the cache holds', async () => {
    const origin = await openPgliteDatabase();
    const alone = await startTestService(origin, { productCount: 100 });
    try {
      expect((await alone.request('/products/1')).status).toBe(200);
      await origin.close();
      const cached = await alone.request('/products/1');
      expect([cached.status, cached.headers.get('x-cache')]).toEqual([200, 'hit']);
      const cold = await alone.request('/products/2');
      expect(cold.status).toBe(503);
      expect(cold.headers.get('retry-after')).toBe('5');
      expect(await cold.json()).toMatchObject({ error: 'Service Unavailable' });
    } finally {
      await alone.service.close();
    }
  });

  it('answers from the origin when Redis is down, and stays up', async () => {
    // Nothing listens on port 1: every node connection is refused.
    const degraded = await startTestService(db, { redisNodes: ['127.0.0.1:1'], redisTimeout: 300 });
    try {
      const read = await degraded.request('/products/5');
      expect([read.status, read.headers.get('x-cache')]).toEqual([200, 'bypass']);
      expect(await read.json()).toMatchObject({ id: 5 });
      const batch = await degraded.request('/products?ids=5,6');
      expect([batch.status, batch.headers.get('x-cache')]).toEqual([200, 'bypass']);
      const write = await degraded.request('/products/5', { method: 'PUT', body: { stock: 1 } });
      expect([write.status, write.headers.get('x-cache-invalidated')]).toEqual([200, 'false']);
      expect((await degraded.request('/leaderboard')).status).toBe(503);
      const metrics = await (await degraded.request('/metrics')).text();
      expect(metrics).toMatch(/demo_degraded_total\{operation="product read"\} [1-9]/);
    } finally {
      await degraded.service.close();
    }
  });

  it('drains a request in flight on close, refuses new ones, then closes', async () => {
    // An origin whose product lookups wait for the test, to hold a request inside its handler.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    const gated: SqlDatabase = {
      kind: db.kind,
      async query<Row>(sql: string, params?: readonly unknown[]) {
        if (sql.includes('WHERE id = $1')) {
          held++;
          await gate;
        }
        return db.query<Row>(sql, params);
      },
      exec: (sql) => db.exec(sql),
      close: async () => {},
    };
    const draining = await startTestService(gated, { productCount: 100 });
    const inFlight = draining.request('/products/20');
    await waitFor(() => held === 1);
    const closed = draining.service.close();
    const late = await draining.request('/products/21').then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    release();
    expect((await inFlight).status).toBe(200);
    await closed;
  });
});
