import { describe, expect, it } from 'vitest';
import { freshness, xfetchDue } from './early-refresh.js';
import { jitteredTtl } from './ttl.js';

describe('xfetchDue', () => {
  it('never reloads far from expiry and always reloads at or past it', () => {
    // 1 s left, a 10 ms load, β 1: due only if -ln(rand) ≥ 100, i.e. rand < e^-100.
    expect(xfetchDue(0, 1_000, 10, 1, 0.5)).toBe(false);
    expect(xfetchDue(0, 1_000, 10, 1, 0.999_999)).toBe(false);
    expect(xfetchDue(1_000, 1_000, 10, 1, 0)).toBe(true);
    expect(xfetchDue(1_500, 1_000, 0, 1, 0.3)).toBe(true);
  });

  it('reloads with probability e^(-left / (delta·β))', () => {
    const left = 200;
    const delta = 100;
    const beta = 1;
    const expected = Math.exp(-left / (delta * beta));
    // Just above and below the threshold draw of `random` (uniform in [0, 1), turned into (0, 1]).
    expect(xfetchDue(0, left, delta, beta, 1 - expected * 0.99)).toBe(true);
    expect(xfetchDue(0, left, delta, beta, 1 - expected * 1.01)).toBe(false);
  });

  it('starts earlier for slower loads and higher β', () => {
    const random = 0.9; // -ln(0.1) ≈ 2.3
    expect(xfetchDue(0, 1_000, 100, 1, random)).toBe(false);
    expect(xfetchDue(0, 1_000, 500, 1, random)).toBe(true);
    expect(xfetchDue(0, 1_000, 100, 5, random)).toBe(true);
  });
});

describe('freshness', () => {
  const entry = { kind: 'value' as const, freshUntil: 1_000, loadMs: 100 };

  it('is fresh whatever the clock when early refresh is off, and for a "not found"', () => {
    expect(freshness(entry, false, 5_000)).toBe('fresh');
    expect(freshness({ ...entry, kind: 'not-found' }, { strategy: 'xfetch', beta: 1 }, 5_000)).toBe(
      'fresh',
    );
  });

  it('under stale-while-revalidate is stale past freshUntil only', () => {
    const swr = { strategy: 'stale-while-revalidate' as const, staleTtl: 10_000 };
    expect(freshness(entry, swr, 999)).toBe('fresh');
    expect(freshness(entry, swr, 1_000)).toBe('stale');
  });

  it('under XFetch asks for a refresh when the draw says so', () => {
    const xfetch = { strategy: 'xfetch' as const, beta: 1 };
    expect(freshness(entry, xfetch, 0, () => 0.5)).toBe('fresh');
    expect(freshness(entry, xfetch, 990, () => 0.5)).toBe('refresh');
  });
});

describe('jitteredTtl', () => {
  it('shortens by up to the jitter share, never below 1 ms', () => {
    expect(jitteredTtl(1_000, 0.2, () => 0)).toBe(1_000);
    expect(jitteredTtl(1_000, 0.2, () => 0.999_999)).toBe(800);
    expect(jitteredTtl(1_000, 0, () => 0.7)).toBe(1_000);
    expect(jitteredTtl(1, 0.9, () => 0.99)).toBe(1);
  });
});
