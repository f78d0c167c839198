import { describe, expect, it } from 'vitest';
import { ArgumentError, ProtocolError, RedisError, ReplyError } from './errors.js';

describe('error classes', () => {
  it('takes the server code from the first word of an error reply', () => {
    expect(new ReplyError('WRONGTYPE Operation against a key').code).toBe('WRONGTYPE');
    expect(new ReplyError('MOVED 3999 127.0.0.1:6381').code).toBe('MOVED');
    expect(new ReplyError('CLUSTERDOWN The cluster is down').code).toBe('CLUSTERDOWN');
    expect(new ReplyError('NOPERM this user has no permissions').code).toBe('NOPERM');
    expect(new ReplyError('lowercase message').code).toBe('ERR');
  });

  it('names each class, even when class names are minified away', () => {
    expect(new ReplyError('ERR x').name).toBe('ReplyError');
    expect(new ProtocolError('bad', 3).name).toBe('ProtocolError');
    expect(new RedisError('m', 'REDWIRE_X').name).toBe('RedisError');
    expect(String(new ProtocolError('bad', 3))).toBe('ProtocolError: bad (at byte 3)');
  });

  it('makes every redwire error a RedisError, and an ArgumentError a TypeError', () => {
    expect(new ReplyError('ERR x')).toBeInstanceOf(RedisError);
    expect(new ProtocolError('x', 0)).toBeInstanceOf(RedisError);
    expect(new ProtocolError('x', 0)).not.toBeInstanceOf(ReplyError);
    expect(new ArgumentError('x', 1)).toBeInstanceOf(TypeError);
    expect(new ArgumentError('x', 1)).not.toBeInstanceOf(RedisError);
  });

  it('recognises errors made by another copy of the package', () => {
    // A second copy has its own classes with the same brands, as two installed versions would.
    class OtherRedisError extends Error {
      constructor(brands: string[]) {
        super('from elsewhere');
        Object.defineProperty(this, Symbol.for('redwire.error.brands'), { value: brands });
      }
    }
    const reply = new OtherRedisError(['redwire.ReplyError', 'redwire.RedisError']);
    expect(reply).toBeInstanceOf(ReplyError);
    expect(reply).toBeInstanceOf(RedisError);
    expect(reply).not.toBeInstanceOf(ProtocolError);
    expect(new Error('plain')).not.toBeInstanceOf(RedisError);
    expect(null).not.toBeInstanceOf(RedisError);
  });

  it('keeps a cause', () => {
    const cause = new Error('root');
    expect(new RedisError('wrapped', 'REDWIRE_X', { cause }).cause).toBe(cause);
  });

  it('skips the stack of error replies, which would only point into the decoder', () => {
    const error = new ReplyError('ERR x');
    expect(error.stack?.split('\n')).toHaveLength(1);
    expect(new ProtocolError('x', 0).stack?.split('\n').length).toBeGreaterThan(1);
  });
});
