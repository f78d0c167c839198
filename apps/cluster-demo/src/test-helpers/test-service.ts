/** Services for the integration tests, on the harness's six-node cluster, listening on port 0. */
import { randomUUID } from 'node:crypto';
import { formatAddress, getTestServers } from '@redwire/test-harness';
import { DEMO_DEFAULTS, type DemoConfig } from '../config.js';
import type { SqlDatabase } from '../origin/sql-database.js';
import { type DemoService, startService } from '../service.js';

/** A started service and its base URL. */
export interface TestService {
  readonly service: DemoService;
  readonly url: string;
  readonly config: DemoConfig;
  /** `fetch` against the service, with a JSON body when `body` is given. */
  request(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
}

/** A key prefix no other test run uses, so state left in the cluster never leaks between runs. */
export function uniquePrefix(): string {
  return `demo-test-${randomUUID().slice(0, 8)}`;
}

/**
 * Starts a service on `database` (which the caller closes) against the harness cluster, with
 * `overrides` over the defaults, quiet (no request log). `setup` runs before it listens (to add
 * `npm run demo`'s kill-primary route, say).
 */
export async function startTestService(
  database: SqlDatabase,
  overrides: Partial<DemoConfig> = {},
  setup: (service: DemoService) => void = () => {},
): Promise<TestService> {
  const config: DemoConfig = {
    ...DEMO_DEFAULTS,
    redisNodes: getTestServers().cluster.seeds().map(formatAddress),
    keyPrefix: uniquePrefix(),
    ...overrides,
  };
  const service = await startService(config, { logger: false, database });
  setup(service);
  const url = await service.listen(0);
  return {
    service,
    url,
    config,
    request(path, init = {}) {
      return fetch(url + path, {
        method: init.method ?? 'GET',
        ...(init.body === undefined
          ? {}
          : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
      });
    },
  };
}

/** Polls `check` every 20 ms until it is true or `timeout` ms passed. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeout = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
