/** `GET /leaderboard`: the most viewed products, named through the batch read. */
import type { FastifyInstance } from 'fastify';
import type { Leaderboard } from '../leaderboard.js';
import type { ProductSnapshots } from '../product-snapshots.js';
import { leaderboardQuery } from './schemas.js';

/** Registers `GET /leaderboard?limit=`. */
export function registerLeaderboardRoutes(
  app: FastifyInstance,
  leaderboard: Leaderboard,
  snapshots: ProductSnapshots,
): void {
  app.get<{ Querystring: { limit: number } }>(
    '/leaderboard',
    { schema: { querystring: leaderboardQuery } },
    async (request, reply) => {
      let top: Awaited<ReturnType<Leaderboard['top']>>;
      try {
        top = await leaderboard.top(request.query.limit);
      } catch (error) {
        // The counts live only in Redis: no origin to fall back on.
        request.log.warn({ err: error }, 'leaderboard unavailable: Redis failed');
        return reply.code(503).header('retry-after', 5).send({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'the leaderboard lives in Redis, which is not answering',
        });
      }
      const batch = top.length === 0 ? undefined : await snapshots.getMany(top.map((e) => e.id));
      const names = new Map(batch?.products.map((p) => [p.id, p.name]));
      return { entries: top.map((entry) => ({ ...entry, name: names.get(entry.id) ?? null })) };
    },
  );
}
