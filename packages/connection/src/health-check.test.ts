import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError } from './errors.js';
import { HealthCheck } from './health-check.js';

const INTERVAL = 1_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

function started(interval: number | false = INTERVAL) {
  const ping = vi.fn<() => void>();
  const dead = vi.fn<(error: ConnectionError) => void>();
  const check = new HealthCheck(interval, { ping, dead });
  check.start();
  return { check, ping, dead };
}

describe('HealthCheck', () => {
  it('sends no PING while traffic keeps flowing', () => {
    const { check, ping, dead } = started();
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(INTERVAL / 2);
      check.sawTraffic();
    }
    expect(ping).not.toHaveBeenCalled();
    expect(dead).not.toHaveBeenCalled();
  });

  it('sends nothing before the first interval has passed', () => {
    const { ping } = started();
    vi.advanceTimersByTime(INTERVAL - 1);
    expect(ping).not.toHaveBeenCalled();
  });

  it('sends a PING after one silent interval', () => {
    const { ping, dead } = started();
    vi.advanceTimersByTime(INTERVAL);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(dead).not.toHaveBeenCalled();
  });

  it('declares the peer dead with a ConnectionError when a second interval passes in silence', () => {
    const { ping, dead } = started();
    vi.advanceTimersByTime(INTERVAL);
    expect(dead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(INTERVAL);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(dead).toHaveBeenCalledTimes(1);
    const error = dead.mock.calls[0]?.[0];
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error?.code).toBe('REDWIRE_CONNECTION');
    expect(error?.message).toContain(`${INTERVAL} ms`);
  });

  it('stops itself after declaring the peer dead: no more PINGs or deaths', () => {
    const { ping, dead } = started();
    vi.advanceTimersByTime(INTERVAL * 10);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(dead).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts traffic after the PING (its reply) as life and starts over', () => {
    const { check, ping, dead } = started();
    vi.advanceTimersByTime(INTERVAL); // PING
    check.sawTraffic(); // its reply
    vi.advanceTimersByTime(INTERVAL); // traffic seen: no verdict
    expect(dead).not.toHaveBeenCalled();
    expect(ping).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(INTERVAL); // silent again: a fresh PING, not a death
    expect(ping).toHaveBeenCalledTimes(2);
    expect(dead).not.toHaveBeenCalled();

    vi.advanceTimersByTime(INTERVAL); // that PING unanswered
    expect(dead).toHaveBeenCalledTimes(1);
  });

  it('stop stops: no PING and no death afterwards', () => {
    const { check, ping, dead } = started();
    vi.advanceTimersByTime(INTERVAL); // PING outstanding
    check.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(INTERVAL * 10);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(dead).not.toHaveBeenCalled();
  });

  it('start after stop begins afresh, forgetting an outstanding PING', () => {
    const { check, ping, dead } = started();
    vi.advanceTimersByTime(INTERVAL); // PING outstanding
    check.stop();
    check.start(); // e.g. a new socket
    vi.advanceTimersByTime(INTERVAL);
    expect(dead).not.toHaveBeenCalled();
    expect(ping).toHaveBeenCalledTimes(2);
  });

  it('start twice keeps a single timer', () => {
    const { check } = started();
    check.start();
    expect(vi.getTimerCount()).toBe(1);
  });

  it('never starts with interval false', () => {
    const { check, ping, dead } = started(false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    check.sawTraffic();
    check.stop();
    expect(ping).not.toHaveBeenCalled();
    expect(dead).not.toHaveBeenCalled();
  });
});
