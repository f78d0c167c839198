import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { whenAborted } from './abort-watch.js';

describe('whenAborted', () => {
  it('puts one listener on a signal however many watch it, and calls each watcher once', () => {
    const controller = new AbortController();
    const calls = Array.from({ length: 1_000 }, () => vi.fn());
    for (const call of calls) whenAborted(controller.signal, call);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    controller.abort();
    for (const call of calls) expect(call).toHaveBeenCalledTimes(1);
  });

  it('does not call a watcher that stopped watching', () => {
    const controller = new AbortController();
    const stopped = vi.fn();
    const kept = vi.fn();
    const stop = whenAborted(controller.signal, stopped);
    whenAborted(controller.signal, kept);
    stop();
    stop();
    controller.abort();
    expect(stopped).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('keeps watches of the same callback apart', () => {
    const controller = new AbortController();
    const callback = vi.fn();
    const stopFirst = whenAborted(controller.signal, callback);
    whenAborted(controller.signal, callback);
    stopFirst();
    controller.abort();
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('adds no second listener after every watcher left, and calls at once on an aborted signal', () => {
    const controller = new AbortController();
    for (let i = 0; i < 100; i++) whenAborted(controller.signal, () => {})();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const late = vi.fn();
    whenAborted(controller.signal, late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('lets a watcher stop another one during the abort', () => {
    const controller = new AbortController();
    const second = vi.fn();
    let stopSecond = () => {};
    whenAborted(controller.signal, () => stopSecond());
    stopSecond = whenAborted(controller.signal, second);
    controller.abort();
    expect(second).not.toHaveBeenCalled();
  });
});
