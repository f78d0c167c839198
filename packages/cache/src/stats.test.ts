import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_CHANNELS, type CacheDiagnostic } from './diagnostics.js';
import { StatsCounter } from './stats.js';

const heard: CacheDiagnostic[] = [];
const listen = (message: unknown) => heard.push(message as CacheDiagnostic);

afterEach(() => {
  diagnostics.unsubscribe(CACHE_CHANNELS.cache, listen);
  heard.length = 0;
});

describe('StatsCounter', () => {
  it('increments the stats field of each event, and a snapshot is a copy', () => {
    const counter = new StatsCounter('ns');
    for (const event of ['hit', 'hit', 'miss', 'load', 'load-error', 'stale'] as const) {
      counter.count(event);
    }
    const snapshot = counter.snapshot();
    expect(snapshot).toMatchObject({ hits: 2, misses: 1, loads: 1, loadErrors: 1, staleServes: 1 });
    snapshot.hits = 100;
    expect(counter.snapshot().hits).toBe(2);
  });

  it('tells redwire:cache each event with the namespace while someone listens, and only then', () => {
    const counter = new StatsCounter('products');
    counter.count('miss');
    diagnostics.subscribe(CACHE_CHANNELS.cache, listen);
    counter.count('lock-wait');
    counter.count('early-refresh');
    diagnostics.unsubscribe(CACHE_CHANNELS.cache, listen);
    counter.count('hit');
    expect(heard).toEqual([
      { event: 'lock-wait', namespace: 'products' },
      { event: 'early-refresh', namespace: 'products' },
    ]);
    expect(counter.snapshot()).toMatchObject({
      misses: 1,
      lockWaits: 1,
      earlyRefreshes: 1,
      hits: 1,
    });
  });
});
