/** `GET /metrics`: the service's Prometheus registry, as text. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** Registers `GET /metrics`. */
export function registerMetricsRoutes(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
