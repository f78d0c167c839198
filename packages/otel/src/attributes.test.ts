import { ReplyError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { batchAttributes, commandAttributes, errorType, serverAttributes } from './attributes.js';

describe('serverAttributes', () => {
  it('names the system always, and the server and the database (as a string) when known', () => {
    expect(serverAttributes({ serverAddress: 'h', serverPort: 6380, database: 2 })).toEqual({
      'db.system.name': 'redis',
      'server.address': 'h',
      'server.port': 6380,
      'db.namespace': '2',
    });
    expect(serverAttributes({ serverAddress: '/tmp/redis.sock', serverPort: undefined })).toEqual({
      'db.system.name': 'redis',
      'server.address': '/tmp/redis.sock',
    });
  });
});

describe('errorType', () => {
  it("is a server error's code, then the error's code, then its name, then _OTHER", () => {
    expect(errorType(new ReplyError('WRONGTYPE Operation against a key'))).toBe('WRONGTYPE');
    expect(errorType(Object.assign(new Error('x'), { code: 'REDWIRE_TIMEOUT' }))).toBe(
      'REDWIRE_TIMEOUT',
    );
    expect(errorType(new RangeError('x'))).toBe('RangeError');
    expect(errorType('a string')).toBe('_OTHER');
    expect(errorType(null)).toBe('_OTHER');
  });
});

describe('commandAttributes', () => {
  it('adds the command name, and error.type only when the command failed', () => {
    const server = { serverAddress: 'h', serverPort: 1, database: 0 };
    expect(commandAttributes({ ...server, command: 'GET', error: undefined })).toEqual({
      'db.system.name': 'redis',
      'server.address': 'h',
      'server.port': 1,
      'db.namespace': '0',
      'db.operation.name': 'GET',
    });
    expect(
      commandAttributes({ ...server, command: 'CONFIG SET', error: new ReplyError('ERR no') }),
    ).toMatchObject({ 'db.operation.name': 'CONFIG SET', 'error.type': 'ERR' });
  });
});

describe('batchAttributes', () => {
  it('names a batch by its kind in upper case, with its size', () => {
    expect(batchAttributes({ kind: 'pipeline', batchSize: 3 })).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'PIPELINE',
      'db.operation.batch.size': 3,
    });
    expect(batchAttributes({ kind: 'split', batchSize: 2, error: new Error('x') })).toMatchObject({
      'db.operation.name': 'SPLIT',
      'error.type': 'Error',
    });
  });
});
