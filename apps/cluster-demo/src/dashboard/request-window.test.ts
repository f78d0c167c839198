import { describe, expect, it } from 'vitest';
import { cacheOutcome, LATENCY_BOUNDS_MS, RequestWindow } from './request-window.js';

const none = { hits: 0, misses: 0 };

describe('RequestWindow', () => {
  it('counts requests, 5xx errors and cache outcomes of the last minute', () => {
    let now = 1_000_000;
    const window = new RequestWindow(() => now);
    window.record(200, 3, { hits: 1, misses: 0 });
    window.record(200, 4, { hits: 0, misses: 1 });
    window.record(503, 2_000, none);
    window.record(429, 1, none);
    now += 10_000;
    window.record(200, 5, { hits: 2, misses: 0 });
    const summary = window.summary();
    expect(summary).toMatchObject({ seconds: 11, requests: 5, errors: 1, hitRate: 0.75 });
    expect(summary.perSecond).toBeCloseTo(5 / 11);
    expect(summary.series).toHaveLength(60);
    expect(summary.series.at(-1)).toBe(1);
    expect(summary.series.at(-11)).toBe(4);
  });

  it('forgets what is older than a minute, reusing the buckets', () => {
    let now = 5_000_000;
    const window = new RequestWindow(() => now);
    for (let i = 0; i < 100; i++) window.record(500, 10, { hits: 0, misses: 1 });
    now += 60_000;
    window.record(200, 10, { hits: 1, misses: 0 });
    expect(window.summary()).toMatchObject({ seconds: 60, requests: 1, errors: 0, hitRate: 1 });
    now += 61_000;
    expect(window.summary()).toMatchObject({ requests: 0, hitRate: null, p99Ms: null });
    expect(window.summary().series.every((count) => count === 0)).toBe(true);
  });

  it('gives the p99 as the upper bound of its histogram bucket, a quarter above at most', () => {
    const window = new RequestWindow(() => 0);
    for (let i = 0; i < 990; i++) window.record(200, 2, none);
    for (let i = 0; i < 10; i++) window.record(200, 400, none);
    const p99 = window.summary().p99Ms ?? 0;
    expect(p99).toBeGreaterThanOrEqual(2);
    expect(p99).toBeLessThanOrEqual(2.5);
    window.record(200, 400, none);
    const tail = window.summary().p99Ms ?? 0;
    expect(tail).toBeGreaterThanOrEqual(400);
    expect(tail).toBeLessThanOrEqual(500);
  });

  it('puts a latency past the last bound in the open bucket, reported as the last bound', () => {
    const window = new RequestWindow(() => 0);
    window.record(200, 3_600_000, none);
    expect(window.summary().p99Ms).toBe(LATENCY_BOUNDS_MS.at(-1));
  });
});

describe('cacheOutcome', () => {
  it.each([
    ['hit', { hits: 1, misses: 0 }],
    ['miss', { hits: 0, misses: 1 }],
    ['bypass', { hits: 0, misses: 1 }],
    ['2/3', { hits: 2, misses: 1 }],
    ['0/0', { hits: 0, misses: 0 }],
    [undefined, none],
    ['weird', none],
  ])('reads x-cache %j', (header, outcome) => {
    expect(cacheOutcome(header)).toEqual(outcome);
  });
});
