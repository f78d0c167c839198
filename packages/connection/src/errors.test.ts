import { RedisError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, TimeoutError } from './errors.js';

describe('connection errors', () => {
  it('gives each class its stable default code', () => {
    expect(new ConnectionError('refused').code).toBe('REDWIRE_CONNECTION');
    expect(new TimeoutError('slow', { timeout: 5 }).code).toBe('REDWIRE_TIMEOUT');
    expect(new AbortError('stopped').code).toBe('REDWIRE_ABORTED');
  });

  it('lets a ConnectionError carry a finer code', () => {
    const closed = new ConnectionError('closed', { code: 'REDWIRE_CONNECTION_CLOSED' });
    expect(closed.code).toBe('REDWIRE_CONNECTION_CLOSED');
    expect(closed).toBeInstanceOf(ConnectionError);
    expect(new ConnectionError('full', { code: 'REDWIRE_OFFLINE_QUEUE_FULL' }).code).toBe(
      'REDWIRE_OFFLINE_QUEUE_FULL',
    );
  });

  it('names each class from its brand', () => {
    expect(new ConnectionError('x').name).toBe('ConnectionError');
    expect(new TimeoutError('x', { timeout: 1 }).name).toBe('TimeoutError');
    expect(new AbortError('x').name).toBe('AbortError');
    expect(String(new ConnectionError('refused'))).toBe('ConnectionError: refused');
  });

  it('makes every class a RedisError and keeps the classes apart', () => {
    const errors = [
      new ConnectionError('x'),
      new TimeoutError('x', { timeout: 1 }),
      new AbortError('x'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(RedisError);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new TimeoutError('x', { timeout: 1 })).not.toBeInstanceOf(ConnectionError);
    expect(new AbortError('x')).not.toBeInstanceOf(TimeoutError);
  });

  it('recognises an error made by another copy of the package by its brand', () => {
    const foreign = new Error('elsewhere');
    Object.defineProperty(foreign, Symbol.for('redwire.error.brands'), {
      value: ['redwire.TimeoutError', 'redwire.RedisError'],
    });
    expect(foreign).toBeInstanceOf(TimeoutError);
    expect(foreign).not.toBeInstanceOf(ConnectionError);
  });

  it('keeps the cause, and the abort signal reason as the cause', () => {
    const socketError = new Error('ECONNRESET');
    expect(new ConnectionError('dropped', { cause: socketError }).cause).toBe(socketError);
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const aborted = new AbortError('GET was aborted', { cause: controller.signal.reason });
    expect(aborted.cause).toBe(controller.signal.reason);
    expect(new TimeoutError('x', { timeout: 1, cause: socketError }).cause).toBe(socketError);
  });

  it('has no cause property when none is given', () => {
    expect(Object.hasOwn(new ConnectionError('x'), 'cause')).toBe(false);
    expect(Object.hasOwn(new AbortError('x'), 'cause')).toBe(false);
  });

  it('keeps the server address on a ConnectionError', () => {
    expect(new ConnectionError('refused', { address: 'cache:6379' }).address).toBe('cache:6379');
    expect(new ConnectionError('refused').address).toBeUndefined();
  });

  it('keeps the timeout and only the command name on a TimeoutError', () => {
    const error = new TimeoutError('timed out', { timeout: 250, command: 'AUTH admin s3cret' });
    expect(error.timeout).toBe(250);
    expect(error.command).toBe('AUTH');
    expect(new TimeoutError('connect timed out', { timeout: 10 }).command).toBeUndefined();
  });
});
