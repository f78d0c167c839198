/**
 * `npm run demo:load`: drives the running demo with autocannon for a bounded time (20 s by
 * default), with a progress bar, then prints a summary table: requests, p50/p99 latency, the
 * cache hit rate read from `/metrics` before and after, status codes and errors. `--failover`
 * kills a primary a third of the way in (through the demo's `POST /admin/kill-primary`, which
 * only a demo that started its cluster serves) and the table says how many requests failed.
 *
 * The URL: `--url`, else the one a running `npm run demo` wrote to `.demo.json`, else
 * http://127.0.0.1:3000.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { KILL_PRIMARY_ROUTE } from '../kill-primary.js';
import { readDemoState } from './demo-state.js';
import { requestPicker } from './mix.js';
import { fetchCounters, type ServiceCounters } from './prometheus.js';
import { errorCount, type FailoverSummary, formatSummary } from './summary.js';

const USAGE = `usage: npm run demo:load [-- options]
  --url URL            the service (default: the running demo's, else http://127.0.0.1:3000)
  --duration SECONDS   how long to drive it (default 20, at most 600)
  --connections N      concurrent connections (default 32)
  --products N         ids are drawn from 1..N, skewed to the low ones (default: the demo's, else 100000)
  --failover           kill a primary a third of the way in (only a demo that started its cluster)
  --failover-at S      ...at S seconds instead`;

interface Options {
  url: string;
  duration: number;
  connections: number;
  products: number;
  failoverAt: number | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      url: { type: 'string' },
      duration: { type: 'string', default: '20' },
      connections: { type: 'string', default: '32' },
      products: { type: 'string' },
      failover: { type: 'boolean', default: false },
      'failover-at': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, text: string, min: number, max: number): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${name} must be a number from ${min} to ${max} (got ${text})`);
    }
    return value;
  };
  const demo = readDemoState();
  const duration = number('duration', values.duration, 1, 600);
  const failoverAt =
    values['failover-at'] !== undefined
      ? number('failover-at', values['failover-at'], 0, duration)
      : values.failover
        ? duration / 3
        : undefined;
  return {
    url: (values.url ?? demo?.url ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    duration,
    connections: Math.round(number('connections', values.connections, 1, 1000)),
    products: Math.round(
      number('products', values.products ?? String(demo?.products ?? 100_000), 1, 2 ** 31 - 1),
    ),
    failoverAt,
  };
}

/** Counts errors (5xx, timeouts, connection errors) from a moment on. */
class ErrorClock {
  #since: number | undefined;
  count = 0;
  start(): void {
    this.#since ??= performance.now();
  }
  record(): void {
    if (this.#since !== undefined) this.count += 1;
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { url } = options;
  let before: ServiceCounters;
  try {
    before = await fetchCounters(url);
  } catch (error) {
    console.error(
      `No demo answers at ${url} (${error instanceof Error ? error.message : String(error)}). Start it with npm run demo, or pass --url.`,
    );
    return 1;
  }

  const pick = requestPicker(options.products);
  const sent: Record<string, number> = { get: 0, batch: 0, put: 0 };
  const afterKill = new ErrorClock();
  const afterPromotion = new ErrorClock();
  console.log(
    `Driving ${url} for ${options.duration} s with ${options.connections} connections: 88 % GET /products/:id, 10 % GET /products?ids=, 2 % PUT${options.failoverAt === undefined ? '' : `; a primary is killed at ${options.failoverAt.toFixed(1)} s`}.`,
  );
  const startedAt = performance.now();
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url,
      connections: options.connections,
      duration: options.duration,
      timeout: 10,
      requests: [
        {
          setupRequest(request) {
            const next = pick();
            sent[next.kind] = (sent[next.kind] ?? 0) + 1;
            return {
              ...request,
              method: next.method,
              path: next.path,
              body: next.body,
              headers: next.body === undefined ? {} : { 'content-type': 'application/json' },
            };
          },
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false });
  instance.on('response', (_client, statusCode) => {
    if (statusCode >= 500) {
      afterKill.record();
      afterPromotion.record();
    }
  });
  instance.on('reqError', () => {
    afterKill.record();
    afterPromotion.record();
  });
  const stop = () => instance.stop();
  process.once('SIGINT', stop);

  let failover: Promise<FailoverSummary> | undefined;
  if (options.failoverAt !== undefined) {
    const at = options.failoverAt;
    failover = (async () => {
      await new Promise((resolve) => setTimeout(resolve, at * 1000));
      return killAndWatch(
        url,
        before.failovers,
        startedAt,
        options.duration,
        afterKill,
        afterPromotion,
      );
    })();
  }

  const result = await finished;
  process.off('SIGINT', stop);
  const after = await fetchCounters(url).catch(() => before);
  const statuses: Record<string, number> = {};
  let responses = 0;
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[status] = (stats as { count: number }).count;
    responses += statuses[status];
  }
  const summary = {
    url,
    seconds: (performance.now() - startedAt) / 1000,
    connections: options.connections,
    sent,
    responses,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statuses,
    timeouts: result.timeouts,
    connectionErrors: result.errors - result.timeouts,
    before,
    after,
    ...(failover === undefined ? {} : { failover: await failover }),
  };
  console.log(`\n${formatSummary(summary)}`);
  return errorCount(summary) > 0 && failover === undefined ? 1 : 0;
}

/** Kills a primary through the demo, then watches `/metrics` until it counts the failover. */
async function killAndWatch(
  url: string,
  failoversBefore: number,
  startedAt: number,
  duration: number,
  afterKill: ErrorClock,
  afterPromotion: ErrorClock,
): Promise<FailoverSummary> {
  const elapsed = () => (performance.now() - startedAt) / 1000;
  const summary = (): FailoverSummary => ({
    killed: '',
    errorsAfterKill: afterKill.count,
    errorsAfterPromotion: afterPromotion.count,
  });
  let response: Response;
  try {
    response = await fetch(url + KILL_PRIMARY_ROUTE, { method: 'POST' });
  } catch (error) {
    return { ...summary(), killed: `not done: ${String(error)}` };
  }
  if (response.status === 404) {
    return {
      ...summary(),
      killed: `not done: ${url} has no ${KILL_PRIMARY_ROUTE} (only npm run demo, on the cluster it started, has)`,
    };
  }
  const body = (await response.json().catch(() => ({}))) as {
    node?: string;
    pid?: number;
    slots?: string;
    message?: string;
  };
  if (!response.ok) return { ...summary(), killed: `not done: ${body.message ?? response.status}` };
  const killedAt = elapsed();
  afterKill.start();
  const killed = `killed primary ${body.node} (pid ${body.pid}, slots ${body.slots}) at ${killedAt.toFixed(1)} s`;
  let seenAt: number | undefined;
  while (elapsed() < duration) {
    const counters = await fetchCounters(url).catch(() => undefined);
    if (counters !== undefined && counters.failovers > failoversBefore) {
      seenAt = elapsed();
      afterPromotion.start();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    killed,
    killedAt,
    ...(seenAt === undefined ? {} : { seenAt }),
    get errorsAfterKill() {
      return afterKill.count;
    },
    get errorsAfterPromotion() {
      return afterPromotion.count;
    },
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
