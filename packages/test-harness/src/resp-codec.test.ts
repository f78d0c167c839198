import { describe, expect, it } from 'vitest';
import { ServerReplyError } from './errors.js';
import { decodeReply, encodeCommand } from './resp-codec.js';

const bytes = (text: string): Buffer => Buffer.from(text);

describe('encodeCommand', () => {
  it('writes an array of bulk strings, counting bytes rather than characters', () => {
    expect(encodeCommand(['SET', 'clé', 42]).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n42\r\n',
    );
  });

  it('encodes an empty argument as an empty bulk string', () => {
    expect(encodeCommand(['MIGRATE', '']).toString()).toBe('*2\r\n$7\r\nMIGRATE\r\n$0\r\n\r\n');
  });
});

describe('decodeReply', () => {
  it('decodes simple strings, integers, bulk strings and nil', () => {
    expect(decodeReply(bytes('+OK\r\n'))).toEqual({ value: 'OK', offset: 5 });
    expect(decodeReply(bytes(':-12\r\n'))?.value).toBe(-12);
    expect(decodeReply(bytes('$5\r\nhe\r\no\r\n'))?.value).toBe('he\r\no');
    expect(decodeReply(bytes('$-1\r\n'))?.value).toBeNull();
    expect(decodeReply(bytes('*-1\r\n'))?.value).toBeNull();
  });

  it('decodes nested arrays and keeps an error inside an array as a value', () => {
    const decoded = decodeReply(bytes('*3\r\n:1\r\n*1\r\n$1\r\na\r\n-ERR nested\r\n'));
    expect(decoded?.value).toEqual([1, ['a'], expect.any(ServerReplyError)]);
  });

  it('turns an error line into a ServerReplyError with its first word as prefix', () => {
    const value = decodeReply(bytes('-MOVED 3999 127.0.0.1:7002\r\n'))?.value;
    expect(value).toBeInstanceOf(ServerReplyError);
    expect((value as ServerReplyError).prefix).toBe('MOVED');
    expect((value as ServerReplyError).code).toBe('HARNESS_REPLY');
  });

  it('returns null for every incomplete prefix of a reply', () => {
    const whole = bytes('*2\r\n$5\r\nhello\r\n:7\r\n');
    for (let end = 0; end < whole.length; end++)
      expect(decodeReply(whole.subarray(0, end))).toBeNull();
    expect(decodeReply(whole)).toEqual({ value: ['hello', 7], offset: whole.length });
  });

  it('decodes from an offset, so pipelined replies are read one after another', () => {
    const buffer = bytes('+A\r\n+B\r\n');
    const first = decodeReply(buffer)!;
    expect(decodeReply(buffer, first.offset)?.value).toBe('B');
  });

  it('rejects an unknown type byte', () => {
    expect(() => decodeReply(bytes('?x\r\n'))).toThrow(TypeError);
  });
});
