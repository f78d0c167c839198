import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choosePrimary, parseClusterNodes } from '../kill-primary.js';
import { readDemoState, removeDemoState, writeDemoState } from './demo-state.js';
import { MIX, requestPicker, skewedId } from './mix.js';
import { readCounters, sumSamples } from './prometheus.js';
import { errorCount, formatSummary, type RunSummary } from './summary.js';

/** A pseudo-random sequence, the same every run. */
function seeded(seed = 42): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the load mix', () => {
  it('draws ids in range, skewed to the low ones: about half of them from the first sqrt(n)', () => {
    const random = seeded();
    const ids = Array.from({ length: 20_000 }, () => skewedId(100_000, random));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(100_000);
    const low = ids.filter((id) => id <= 316).length / ids.length;
    expect(low).toBeGreaterThan(0.45);
    expect(low).toBeLessThan(0.55);
    expect(skewedId(1, random)).toBe(1);
  });

  it('sends mostly single reads, some batches and a few writes, each well formed', () => {
    const pick = requestPicker(1_000, seeded(7));
    const counts = { get: 0, batch: 0, put: 0 };
    for (let i = 0; i < 10_000; i++) {
      const request = pick();
      counts[request.kind] += 1;
      if (request.kind === 'get') expect(request.path).toMatch(/^\/products\/\d+$/);
      if (request.kind === 'batch') {
        const ids = (request.path.split('=')[1] ?? '').split(',');
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBeGreaterThanOrEqual(5);
        expect(ids.length).toBeLessThanOrEqual(20);
      }
      if (request.kind === 'put') {
        expect(request.method).toBe('PUT');
        expect(JSON.parse(request.body ?? '')).toHaveProperty('stock');
      }
    }
    for (const kind of ['get', 'batch', 'put'] as const) {
      expect(counts[kind] / 10_000).toBeCloseTo(MIX[kind], 1);
    }
  });
});

describe('reading /metrics', () => {
  const text = [
    '# HELP demo_cache_events_total Cache-aside events',
    '# TYPE demo_cache_events_total counter',
    'demo_cache_events_total{event="hit"} 90',
    'demo_cache_events_total{event="miss"} 10',
    'demo_origin_lookups_total 12',
    'redwire_failovers_total{node="127.0.0.1:7004"} 1',
    'redwire_failovers_total{node="127.0.0.1:7005"} 2',
    'demo_degraded_total{operation="cache read"} 3',
  ].join('\n');

  it('sums the samples of a metric, filtered by labels', () => {
    expect(sumSamples(text, 'demo_cache_events_total', { event: 'hit' })).toBe(90);
    expect(sumSamples(text, 'demo_cache_events_total')).toBe(100);
    expect(sumSamples(text, 'redwire_failovers_total')).toBe(3);
    expect(sumSamples(text, 'no_such_metric')).toBe(0);
    expect(readCounters(text)).toEqual({
      cacheHits: 90,
      cacheMisses: 10,
      originLookups: 12,
      failovers: 3,
      degraded: 3,
    });
  });
});

describe('the summary table', () => {
  const counters = { cacheHits: 0, cacheMisses: 0, originLookups: 0, failovers: 0, degraded: 0 };
  const summary: RunSummary = {
    url: 'http://127.0.0.1:3000',
    seconds: 20,
    connections: 32,
    sent: { get: 880, batch: 100, put: 20 },
    responses: 1_000,
    latencyMs: { p50: 3, p99: 40, max: 2_100 },
    statuses: { '200': 990, '429': 5, '503': 5 },
    timeouts: 1,
    connectionErrors: 2,
    before: counters,
    after: { ...counters, cacheHits: 900, cacheMisses: 100, failovers: 1 },
    failover: {
      killed: 'killed primary 127.0.0.1:7001',
      killedAt: 6.5,
      seenAt: 10,
      errorsAfterKill: 8,
      errorsAfterPromotion: 0,
    },
  };

  it('counts 5xx, timeouts and connection errors as errors, not 4xx', () => {
    expect(errorCount(summary)).toBe(8);
  });

  it('shows requests, latency, the hit rate over the run, statuses, errors and the failover', () => {
    const table = formatSummary(summary);
    expect(table).toContain('1,000 answered in 20.0 s (50/s, 32 connections)');
    expect(table).toContain('p50 3 ms, p99 40 ms');
    expect(table).toContain('90.0 % (900 hits, 100 misses during the run)');
    expect(table).toContain('200: 990  429: 5  503: 5');
    expect(table).toMatch(/\| errors +\| 8 /);
    expect(table).toContain('3.5 s after the kill');
    expect(table).toMatch(/\| +failovers seen +\| 1 /);
    const widths = new Set(table.split('\n').map((line) => line.length));
    expect(widths.size).toBe(1);
  });
});

describe('the demo state file', () => {
  it('is read back while its process lives, ignored when it is stale or missing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'demo-state-')), '.demo.json');
    expect(readDemoState(file)).toBeUndefined();
    writeDemoState(
      { url: 'http://127.0.0.1:3001', pid: process.pid, ownsCluster: true, products: 5 },
      file,
    );
    expect(readDemoState(file)).toEqual({
      url: 'http://127.0.0.1:3001',
      pid: process.pid,
      ownsCluster: true,
      products: 5,
    });
    removeDemoState(file);
    expect(readDemoState(file)).toBeUndefined();
    // A pid no process has (above Linux's pid_max).
    writeFileSync(file, JSON.stringify({ url: 'http://x', pid: 2 ** 30, ownsCluster: true }));
    expect(readDemoState(file)).toBeUndefined();
  });
});

describe('choosing the primary to kill', () => {
  const nodes = parseClusterNodes(
    [
      'a1 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-5460',
      'a2 127.0.0.1:7002@17002 master - 0 0 2 connected 5461-10922',
      'a3 127.0.0.1:7003@17003 master - 0 0 3 connected 10923-16383',
      'b1 127.0.0.1:7004@17004 slave,fail a1 0 0 1 connected',
      'b2 127.0.0.1:7005@17005 slave a2 0 0 2 connected',
      'b3 127.0.0.1:7006@17006 slave a3 0 0 3 disconnected',
      '',
    ].join('\n'),
  );

  it('parses CLUSTER NODES', () => {
    expect(nodes).toHaveLength(6);
    expect(nodes[0]).toEqual({
      id: 'a1',
      address: '127.0.0.1:7001',
      flags: ['myself', 'master'],
      primaryId: null,
      connected: true,
      slots: '0-5460',
    });
    expect(nodes[3]?.primaryId).toBe('a1');
  });

  it('takes a primary with a healthy, connected replica, and none when there is none', () => {
    expect(choosePrimary(nodes)?.id).toBe('a2');
    expect(choosePrimary(nodes.filter((node) => node.id !== 'b2'))).toBeUndefined();
  });
});
