import { RedisError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { ClusterDownError, CrossSlotError, TooManyRedirectsError } from './errors.js';

describe('cluster errors', () => {
  it('gives each class its stable code and a name from its brand', () => {
    const errors = [
      [new CrossSlotError('MSETNX', [1, 2]), 'REDWIRE_CROSS_SLOT', 'CrossSlotError'],
      [
        new TooManyRedirectsError('GET', 1, []),
        'REDWIRE_TOO_MANY_REDIRECTS',
        'TooManyRedirectsError',
      ],
      [new ClusterDownError('down'), 'REDWIRE_CLUSTER_DOWN', 'ClusterDownError'],
    ] as const;
    for (const [error, code, name] of errors) {
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(RedisError);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new ClusterDownError('x')).not.toBeInstanceOf(CrossSlotError);
  });

  it('names the command and its slots in a CrossSlotError, and suggests a hash tag', () => {
    const error = new CrossSlotError('MSETNX', [12182, 5061]);
    expect(error.command).toBe('MSETNX');
    expect(error.slots).toEqual([12182, 5061]);
    expect(error.message).toMatch(/^MSETNX keys hash to different slots \(12182, 5061\)/);
    expect(error.message).toContain('{user}');
  });

  it('shows the path a command took in a TooManyRedirectsError', () => {
    const cause = new Error('last');
    const path = ['MOVED 127.0.0.1:7002', 'ASK 127.0.0.1:7003', 'TRYAGAIN'];
    const error = new TooManyRedirectsError('GET', 866, path, { cause });
    expect(error.slot).toBe(866);
    expect(error.path).toEqual(path);
    expect(error.command).toBe('GET');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      'GET (slot 866) gave up after 3 steps: MOVED 127.0.0.1:7002 -> ASK 127.0.0.1:7003 -> TRYAGAIN',
    );
    const keyless = new TooManyRedirectsError('PING', undefined, ['TRYAGAIN']);
    expect(keyless.slot).toBeUndefined();
    expect(keyless.message).toBe('PING gave up after 1 step: TRYAGAIN');
  });

  it('keeps the cause of a ClusterDownError', () => {
    const cause = new Error('CLUSTERDOWN');
    const error = new ClusterDownError('slot 1 has no owner', { cause });
    expect(error.message).toBe('slot 1 has no owner');
    expect(error.cause).toBe(cause);
  });

  it('recognises an error made by another copy of the package by its brand', () => {
    const foreign = new Error('elsewhere');
    Object.defineProperty(foreign, Symbol.for('redwire.error.brands'), {
      value: ['redwire.CrossSlotError', 'redwire.RedisError'],
    });
    expect(foreign).toBeInstanceOf(CrossSlotError);
    expect(foreign).not.toBeInstanceOf(ClusterDownError);
  });
});
