import { describe, expect, it } from 'vitest';
import { abandonable } from './abandonable.js';
import { CacheAbortError } from './errors.js';
import { SingleFlight } from './single-flight.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SingleFlight', () => {
  it('runs concurrent work on one key once and gives every caller its result', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    const work = async () => {
      calls++;
      await tick();
      return 7;
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => flights.run('k', work)));
    expect(calls).toBe(1);
    expect(results).toEqual(Array(100).fill(7));
    expect(flights.size).toBe(0);
  });

  it('gives every caller the same error, a synchronous throw included', async () => {
    const flights = new SingleFlight<number>();
    const failing = () => {
      throw new Error('boom');
    };
    const outcomes = await Promise.allSettled([
      flights.run('k', failing),
      flights.run('k', failing),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(flights.has('k')).toBe(false);
  });

  it('keeps keys apart and starts afresh once a flight settled', async () => {
    const flights = new SingleFlight<string>();
    let calls = 0;
    const work = async () => `${++calls}`;
    expect(await Promise.all([flights.run('a', work), flights.run('b', work)])).toEqual(['1', '2']);
    expect(await flights.run('a', work)).toBe('3');
  });

  it('lets a forgotten key start new work while the old one runs on for its callers', async () => {
    const flights = new SingleFlight<string>();
    let release!: (value: string) => void;
    const first = flights.run('k', () => new Promise<string>((resolve) => (release = resolve)));
    flights.forget('k');
    const second = flights.run('k', async () => 'new');
    await tick();
    release('old');
    expect(await Promise.all([first, second])).toEqual(['old', 'new']);
  });
});

describe('abandonable', () => {
  it('rejects one caller with CacheAbortError while the shared work goes on', async () => {
    let release!: (value: string) => void;
    const shared = new Promise<string>((resolve) => (release = resolve));
    const controller = new AbortController();
    const abandoned = abandonable(shared, controller.signal, 'k');
    const patient = abandonable(shared, undefined, 'k');
    controller.abort(new Error('client went away'));
    await expect(abandoned).rejects.toBeInstanceOf(CacheAbortError);
    await expect(abandoned).rejects.toMatchObject({ code: 'REDWIRE_CACHE_ABORTED', key: 'k' });
    release('done');
    expect(await patient).toBe('done');
  });

  it('rejects at once for a signal that already fired', async () => {
    await expect(abandonable(Promise.resolve(1), AbortSignal.abort(), 'k')).rejects.toBeInstanceOf(
      CacheAbortError,
    );
  });
});
