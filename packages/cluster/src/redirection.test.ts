import { ConnectionError, TimeoutError } from '@redwire/connection';
import { ReplyError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { classify, healingDelay, MAX_HEALING_DELAY_MS } from './redirection.js';

const reply = (message: string) => new ReplyError(message);

describe('classify', () => {
  it('reads MOVED and ASK with their slot and address', () => {
    expect(classify(reply('MOVED 3999 127.0.0.1:6381'), '10.0.0.1')).toEqual({
      kind: 'moved',
      slot: 3999,
      address: { host: '127.0.0.1', port: 6381 },
    });
    expect(classify(reply('ASK 3999 127.0.0.1:6382'), '10.0.0.1')).toMatchObject({
      kind: 'ask',
      slot: 3999,
    });
  });

  it('takes the replying node’s host for a MOVED without one', () => {
    expect(classify(reply('MOVED 1 :6381'), '10.0.0.1')).toMatchObject({
      address: { host: '10.0.0.1', port: 6381 },
    });
  });

  it('waits out a healing cluster, refreshing the map unless it is TRYAGAIN', () => {
    expect(classify(reply('TRYAGAIN Multiple keys request during rehashing of slot'), 'h')).toEqual(
      { kind: 'heal', reason: 'TRYAGAIN', refresh: false },
    );
    for (const code of ['CLUSTERDOWN', 'LOADING', 'MASTERDOWN', 'READONLY']) {
      expect(classify(reply(`${code} something`), 'h')).toEqual({
        kind: 'heal',
        reason: code,
        refresh: true,
      });
    }
  });

  it('says whether a lost command may have run', () => {
    expect(classify(new ConnectionError('lost', { written: true }), 'h')).toEqual({
      kind: 'lost',
      written: true,
    });
    expect(classify(new ConnectionError('down', { written: false }), 'h')).toEqual({
      kind: 'lost',
      written: false,
    });
  });

  it('gives the caller everything else: server errors, timeouts, full queues', () => {
    expect(classify(reply('WRONGTYPE Operation against a key'), 'h')).toEqual({ kind: 'fatal' });
    expect(classify(new TimeoutError('GET timed out', { timeout: 1 }), 'h')).toEqual({
      kind: 'fatal',
    });
    expect(classify(new ConnectionError('full', { code: 'REDWIRE_QUEUE_FULL' }), 'h')).toEqual({
      kind: 'fatal',
    });
    expect(classify(new TypeError('bad'), 'h')).toEqual({ kind: 'fatal' });
  });
});

describe('healingDelay', () => {
  it('grows from 10 ms and stays within tens of milliseconds', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(healingDelay)).toEqual([10, 20, 40, 80, 100, 100, 100]);
    expect(MAX_HEALING_DELAY_MS).toBe(100);
  });
});
