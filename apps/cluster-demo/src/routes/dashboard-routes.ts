/**
 * The live dashboard: `GET /` is a static page with its script and style beside it (plain files
 * in `public/`, no build step), fed by `GET /events`, a stream of server-sent events carrying one
 * `DashboardSnapshot` a second.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Dashboard } from '../dashboard/dashboard.js';

/** The dashboard's own routes: their requests are not counted in its traffic figures. */
export const DASHBOARD_ROUTES: readonly string[] = [
  '/',
  '/dashboard.js',
  '/dashboard.css',
  '/events',
];

const PUBLIC = new URL('../../public/', import.meta.url);

/** The page's files, read once: they ship with the service and do not change while it runs. */
const FILES: readonly [route: string, file: string, type: string][] = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/dashboard.js', 'dashboard.js', 'text/javascript; charset=utf-8'],
  ['/dashboard.css', 'dashboard.css', 'text/css; charset=utf-8'],
];

/** Registers the page, its files and `GET /events`. */
export function registerDashboardRoutes(app: FastifyInstance, dashboard: Dashboard): void {
  for (const [route, file, type] of FILES) {
    const body = readFileSync(new URL(file, PUBLIC));
    app.get(route, async (_request, reply) =>
      reply.type(type).header('cache-control', 'no-cache').send(body),
    );
  }

  app.get('/events', (_request, reply) => {
    // The stream outlives the handler: Fastify lets go of the response, the dashboard owns it.
    reply.hijack();
    dashboard.open(reply.raw);
  });
}
