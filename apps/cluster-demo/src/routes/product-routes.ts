/**
 * The product routes: one product through the cache, a batch through one MGET, and a rate-limited
 * update that invalidates.
 */
import type { FastifyInstance } from 'fastify';
import type { Leaderboard } from '../leaderboard.js';
import type { ProductUpdate } from '../product.js';
import type { ProductCache } from '../product-cache.js';
import type { ProductSnapshots } from '../product-snapshots.js';
import type { RateLimiter } from '../rate-limiter.js';
import { parseIds } from './parse-ids.js';
import { badRequest, idListQuery, idParams, productUpdateBody } from './schemas.js';

/** What the product routes work with. */
export interface ProductRouteDeps {
  readonly products: ProductCache;
  readonly snapshots: ProductSnapshots;
  readonly leaderboard: Leaderboard;
  readonly rateLimiter: RateLimiter;
  readonly maxIds: number;
}

const notFound = (id: number) => ({
  statusCode: 404,
  error: 'Not Found',
  message: `no product with id ${id}`,
});

/** Registers `GET /products/:id`, `PUT /products/:id` and `GET /products?ids=`. */
export function registerProductRoutes(app: FastifyInstance, deps: ProductRouteDeps): void {
  const { products, snapshots, leaderboard, rateLimiter, maxIds } = deps;

  app.get<{ Params: { id: number } }>(
    '/products/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      const read = await products.get(id);
      reply.header('x-cache', read.cache);
      if (read.product === undefined) return reply.code(404).send(notFound(id));
      // A view is counted only while Redis works: a bypassed read would wait for it to fail too.
      if (read.cache !== 'bypass') await leaderboard.recordView(id);
      return read.product;
    },
  );

  app.put<{ Params: { id: number }; Body: ProductUpdate }>(
    '/products/:id',
    { schema: { params: idParams, body: productUpdateBody } },
    async (request, reply) => {
      const decision = await rateLimiter.hit(request.ip);
      reply.header('x-ratelimit-limit', rateLimiter.limit);
      reply.header('x-ratelimit-remaining', decision.remaining);
      if (!decision.allowed) {
        return reply
          .code(429)
          .header('retry-after', decision.retryAfter)
          .send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: `at most ${rateLimiter.limit} writes per window; retry in ${decision.retryAfter} s`,
          });
      }
      const { id } = request.params;
      const written = await products.update(id, request.body);
      if (written.product === undefined) return reply.code(404).send(notFound(id));
      reply.header('x-cache-invalidated', String(written.invalidated));
      return written.product;
    },
  );

  app.get<{ Querystring: { ids: string } }>(
    '/products',
    { schema: { querystring: idListQuery } },
    async (request, reply) => {
      const parsed = parseIds(request.query.ids, maxIds);
      if (!parsed.ok) return reply.code(400).send(badRequest('DEMO_BAD_ID_LIST', parsed.message));
      const batch = await snapshots.getMany(parsed.ids);
      reply.header(
        'x-cache',
        batch.degraded ? 'bypass' : `${batch.fromRedis}/${parsed.ids.length}`,
      );
      return { products: batch.products, missing: batch.missing };
    },
  );
}
