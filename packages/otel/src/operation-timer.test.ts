import diagnostics from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { timeOperations } from './operation-timer.js';

const NAME = 'redwire-otel-test:operation';
const channel = diagnostics.tracingChannel<object, { error?: unknown }>(NAME);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timeOperations', () => {
  it('settles an async operation once, at asyncEnd, with its duration in seconds', async () => {
    const settled: [object, number][] = [];
    const stop = timeOperations(NAME, (context, seconds) => settled.push([context, seconds]));
    const context = {};
    await channel.tracePromise(() => wait(30), context);
    stop();
    expect(settled).toHaveLength(1);
    expect(settled[0]?.[0]).toBe(context);
    expect(settled[0]?.[1]).toBeGreaterThanOrEqual(0.02);
    expect(settled[0]?.[1]).toBeLessThan(5);
  });

  it('settles a rejected operation once, with its error on the context', async () => {
    const errors: unknown[] = [];
    const stop = timeOperations<{ error?: unknown }>(NAME, (context) => errors.push(context.error));
    const failure = new Error('refused');
    await channel.tracePromise(async () => Promise.reject(failure), {}).catch(() => undefined);
    stop();
    expect(errors).toEqual([failure]);
  });

  it('settles at end an operation whose function threw synchronously (no asyncEnd follows)', () => {
    const errors: unknown[] = [];
    const stop = timeOperations<{ error?: unknown }>(NAME, (context) => errors.push(context.error));
    const failure = new TypeError('bad argument');
    expect(() =>
      channel.tracePromise(() => {
        throw failure;
      }, {}),
    ).toThrow(failure);
    stop();
    expect(errors).toEqual([failure]);
  });

  it('hears nothing once unsubscribed', async () => {
    let calls = 0;
    const stop = timeOperations(NAME, () => calls++);
    stop();
    await channel.tracePromise(async () => undefined, {});
    expect(calls).toBe(0);
  });
});
