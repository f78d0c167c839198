/** The summary table `npm run demo:load` prints at the end of a run. */
import type { ServiceCounters } from './prometheus.js';

/** What a run measured. */
export interface RunSummary {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  readonly sent: Readonly<Record<string, number>>;
  readonly responses: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly statuses: Readonly<Record<string, number>>;
  readonly timeouts: number;
  /** Connection errors other than timeouts. */
  readonly connectionErrors: number;
  readonly before: ServiceCounters;
  readonly after: ServiceCounters;
  readonly failover?: FailoverSummary;
}

/** What `--failover` did and saw. */
export interface FailoverSummary {
  /** What the service said it killed, or why it did not. */
  readonly killed: string;
  /** Seconds into the run. */
  readonly killedAt?: number;
  /** Seconds into the run when `/metrics` first counted a failover, if it did. */
  readonly seenAt?: number;
  /** 5xx, timeouts and connection errors from the kill on. */
  readonly errorsAfterKill: number;
  /** The same, from the moment the service counted the failover on. */
  readonly errorsAfterPromotion: number;
}

/** The errors of a run: 5xx, timeouts and connection errors (4xx are answers, not errors). */
export function errorCount(summary: RunSummary): number {
  let fivexx = 0;
  for (const [status, count] of Object.entries(summary.statuses)) {
    if (status.startsWith('5')) fivexx += count;
  }
  return fivexx + summary.timeouts + summary.connectionErrors;
}

export function formatSummary(summary: RunSummary): string {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  const hits = summary.after.cacheHits - summary.before.cacheHits;
  const misses = summary.after.cacheMisses - summary.before.cacheMisses;
  const hitRate = hits + misses === 0 ? 'n/a' : `${((100 * hits) / (hits + misses)).toFixed(1)} %`;
  const statuses = Object.entries(summary.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${n(count)}`)
    .join('  ');
  const rows: [string, string][] = [
    ['target', summary.url],
    [
      'requests',
      `${n(summary.responses)} answered in ${summary.seconds.toFixed(1)} s (${n(summary.responses / summary.seconds)}/s, ${summary.connections} connections)`,
    ],
    [
      'sent',
      `GET /products/:id ${n(summary.sent.get ?? 0)}, GET /products?ids= ${n(summary.sent.batch ?? 0)}, PUT ${n(summary.sent.put ?? 0)}`,
    ],
    [
      'latency',
      `p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`,
    ],
    ['cache hit rate', `${hitRate} (${n(hits)} hits, ${n(misses)} misses during the run)`],
    ['origin lookups', n(summary.after.originLookups - summary.before.originLookups)],
    [
      'status codes',
      `${statuses || 'none'}${summary.statuses['429'] ? ' (429: the write limiter)' : ''}`,
    ],
    [
      'timeouts',
      `${n(summary.timeouts)} (no answer within 10 s), ${n(summary.connectionErrors)} connection errors`,
    ],
    [
      'errors',
      `${n(errorCount(summary))} (5xx, timeouts and connection errors; a 4xx is an answer)`,
    ],
    ['degraded ops', n(summary.after.degraded - summary.before.degraded)],
  ];
  const failover = summary.failover;
  if (failover !== undefined) {
    rows.push(['failover', failover.killed]);
    if (failover.killedAt !== undefined) {
      const seen =
        failover.seenAt === undefined
          ? 'not counted by /metrics before the run ended'
          : `counted by /metrics at ${failover.seenAt.toFixed(1)} s (${(failover.seenAt - failover.killedAt).toFixed(1)} s after the kill)`;
      rows.push(['  promotion', seen]);
      rows.push(['  errors after kill', n(failover.errorsAfterKill)]);
      rows.push(['  after promotion', n(failover.errorsAfterPromotion)]);
    }
    rows.push(['  failovers seen', n(summary.after.failovers - summary.before.failovers)]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `+-${'-'.repeat(width)}-+-${'-'.repeat(valueWidth)}-+`;
  const lines = rows.map(
    ([label, value]) => `| ${label.padEnd(width)} | ${value.padEnd(valueWidth)} |`,
  );
  return [rule, ...lines, rule].join('\n');
}
