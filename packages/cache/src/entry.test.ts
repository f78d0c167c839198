import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from './entry.js';

describe('entry bytes', () => {
  it('carry kind, fresh time, load duration, serializer and payload', () => {
    const bytes = encodeEntry('value', 1_700_000_000_123.5, 42.4, 'json', '{"a":1}');
    expect(decodeEntry(bytes)).toEqual({
      kind: 'value',
      freshUntil: 1_700_000_000_123.5,
      loadMs: 42,
      serializer: 'json',
      payload: Buffer.from('{"a":1}'),
    });
    const missing = decodeEntry(encodeEntry('not-found', 5, 0, 'msgpack', ''));
    expect(missing).toMatchObject({
      kind: 'not-found',
      serializer: 'msgpack',
      payload: Buffer.alloc(0),
    });
  });

  it('say why bytes of another format are not an entry', () => {
    expect(decodeEntry(Buffer.from('plain old string'))).toMatch(/format version/);
    expect(decodeEntry(Buffer.from([1, 0]))).toMatch(/shorter/);
    const wrongKind = encodeEntry('value', 0, 0, 'json', '1');
    wrongKind[1] = 9;
    expect(decodeEntry(wrongKind)).toMatch(/kind 9/);
    const truncated = encodeEntry('value', 0, 0, 'json', '').subarray(0, 16);
    expect(decodeEntry(truncated)).toMatch(/past the end/);
  });
});
