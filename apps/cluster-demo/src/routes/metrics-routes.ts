/**
 * `GET /`: what the service is and where its routes are, and `GET /metrics` for Prometheus. The
 * live dashboard replaces the page in the demo's next step.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

const ROUTES: readonly [string, string][] = [
  ['/products/42', 'one product, cache-aside (x-cache: hit, miss or bypass)'],
  ['/products?ids=1,2,3,500,70000', 'many products in one cross-slot MGET'],
  ['/leaderboard', 'the most viewed products (a sorted set, ZINCRBY per view)'],
  ['/metrics', 'Prometheus metrics: latency, cache, commands per node, redirects, failovers'],
];

/** Registers `GET /` and `GET /metrics`. */
export function registerHomeRoutes(app: FastifyInstance, registry: Registry, origin: string): void {
  app.get('/', async (_request, reply) => {
    const items = ROUTES.map(
      ([path, what]) => `<li><a href="${path}"><code>GET ${path}</code></a>: ${what}</li>`,
    ).join('\n');
    return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>redwire cluster demo</title></head>
<body>
<h1>redwire cluster demo</h1>
<p>A product catalogue (origin: ${origin}) behind a cache on a six-node Redis Cluster, through
<a href="https://github.com/redwire/redwire">redwire</a>.</p>
<ul>
${items}
<li><code>PUT /products/:id</code> with a JSON body (<code>name</code>, <code>price</code>, <code>stock</code>): writes the origin, then invalidates; rate-limited per client</li>
</ul>
</body></html>`);
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
