import { describe, expect, it } from 'vitest';
import { Decoder } from './decoder.js';
import { ProtocolError, ReplyError } from './errors.js';
import { BULK_AHEAD_BYTES } from './pending-bulk.js';
import { collectingDecoder, type Delivery, decodeInPieces } from './test-helpers/collect.js';
import { plain } from './test-helpers/plain.js';

const reply = (value: unknown) => ({ kind: 'reply', value });

/** Every RESP2 and RESP3 type, with what the decoder must deliver for it. */
const EXAMPLES: [name: string, bytes: string, expected: unknown[]][] = [
  ['simple string', '+OK\r\n', [reply('OK')]],
  ['simple string other than OK', '+PONG\r\n', [reply('PONG')]],
  ['empty simple string', '+\r\n', [reply('')]],
  [
    'simple error with code',
    '-WRONGTYPE Operation against a key\r\n',
    [reply({ error: 'WRONGTYPE Operation against a key', code: 'WRONGTYPE' })],
  ],
  [
    'simple error MOVED',
    '-MOVED 3999 127.0.0.1:6381\r\n',
    [reply({ error: 'MOVED 3999 127.0.0.1:6381', code: 'MOVED' })],
  ],
  [
    'simple error without code',
    '-something odd\r\n',
    [reply({ error: 'something odd', code: 'ERR' })],
  ],
  ['integer', ':1000\r\n', [reply(1000)]],
  ['negative integer', ':-42\r\n', [reply(-42)]],
  ['integer with plus sign', ':+7\r\n', [reply(7)]],
  ['zero', ':0\r\n', [reply(0)]],
  ['64-bit integer beyond 2^53', ':9223372036854775807\r\n', [reply(9223372036854775807n)]],
  ['most negative 64-bit integer', ':-9223372036854775808\r\n', [reply(-9223372036854775808n)]],
  ['16-digit integer within 2^53', ':1234567890123456\r\n', [reply(1234567890123456)]],
  ['bulk string', '$5\r\nhello\r\n', [reply('hello')]],
  ['empty bulk string', '$0\r\n\r\n', [reply('')]],
  ['bulk string with CRLF inside', '$4\r\na\r\nb\r\n', [reply('a\r\nb')]],
  ['UTF-8 bulk string', '$6\r\nhé€\r\n', [reply('hé€')]],
  ['RESP2 null bulk string', '$-1\r\n', [reply(null)]],
  ['RESP2 null array', '*-1\r\n', [reply(null)]],
  ['RESP3 null', '_\r\n', [reply(null)]],
  ['array', '*3\r\n:1\r\n$3\r\ntwo\r\n+three\r\n', [reply([1, 'two', 'three'])]],
  ['empty array', '*0\r\n', [reply([])]],
  ['nested arrays', '*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n*0\r\n', [reply([[1, 2], [[]]])]],
  [
    'array with nulls and an error',
    '*3\r\n$-1\r\n_\r\n-ERR no\r\n',
    [reply([null, null, { error: 'ERR no', code: 'ERR' }])],
  ],
  ['boolean true', '#t\r\n', [reply(true)]],
  ['boolean false', '#f\r\n', [reply(false)]],
  ['double', ',3.14\r\n', [reply(3.14)]],
  ['double with exponent', ',-1.5e-3\r\n', [reply(-0.0015)]],
  ['double integer-valued', ',10\r\n', [reply(10)]],
  ['double inf', ',inf\r\n', [reply(Number.POSITIVE_INFINITY)]],
  ['double -inf', ',-inf\r\n', [reply(Number.NEGATIVE_INFINITY)]],
  ['double nan', ',nan\r\n', [reply(Number.NaN)]],
  [
    'big number',
    '(3492890328409238509324850943850943825024385\r\n',
    [reply(3492890328409238509324850943850943825024385n)],
  ],
  ['negative big number', '(-12\r\n', [reply(-12n)]],
  [
    'bulk error',
    '!21\r\nSYNTAX invalid syntax\r\n',
    [reply({ error: 'SYNTAX invalid syntax', code: 'SYNTAX' })],
  ],
  [
    'verbatim string',
    '=15\r\ntxt:Some string\r\n',
    [reply({ verbatim: 'txt', text: 'Some string' })],
  ],
  [
    'map',
    '%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n',
    [
      reply({
        map: [
          ['first', 1],
          ['second', 2],
        ],
      }),
    ],
  ],
  ['empty map', '%0\r\n', [reply({ map: [] })]],
  ['map with aggregate keys', '%1\r\n*1\r\n:1\r\n#t\r\n', [reply({ map: [[[1], true]] })]],
  ['set', '~3\r\n+a\r\n+b\r\n:1\r\n', [reply({ set: ['a', 'b', 1] })]],
  ['empty set', '~0\r\n', [reply({ set: [] })]],
  [
    'push',
    '>3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n',
    [{ kind: 'push', value: ['message', 'news', 'hi'] }],
  ],
  [
    'push between replies',
    ':1\r\n>2\r\n+invalidate\r\n*1\r\n+k\r\n:2\r\n',
    [reply(1), { kind: 'push', value: ['invalidate', ['k']] }, reply(2)],
  ],
  ['nested push is an array', '*1\r\n>1\r\n:1\r\n', [reply([[1]])]],
  [
    'attribute before a reply',
    '|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*1\r\n:2\r\n',
    [
      { kind: 'attribute', value: { map: [['key-popularity', { map: [['a', 0.19]] }]] } },
      reply([2]),
    ],
  ],
  [
    'attribute inside an array',
    '*2\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n:2\r\n',
    [{ kind: 'attribute', value: { map: [['ttl', 3600]] } }, reply([1, 2])],
  ],
  ['empty attribute', '|0\r\n:5\r\n', [{ kind: 'attribute', value: { map: [] } }, reply(5)]],
  [
    'streamed string',
    '$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n',
    [reply('Hello word')],
  ],
  ['empty streamed string', '$?\r\n;0\r\n', [reply('')]],
  ['streamed array', '*?\r\n:1\r\n:2\r\n:3\r\n.\r\n', [reply([1, 2, 3])]],
  ['empty streamed array', '*?\r\n.\r\n', [reply([])]],
  [
    'streamed map',
    '%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n',
    [
      reply({
        map: [
          ['a', 1],
          ['b', 2],
        ],
      }),
    ],
  ],
  ['streamed set', '~?\r\n+a\r\n:1\r\n.\r\n', [reply({ set: ['a', 1] })]],
  [
    'streamed aggregate nesting a streamed string',
    '*?\r\n$?\r\n;2\r\nab\r\n;0\r\n:1\r\n.\r\n',
    [reply(['ab', 1])],
  ],
  ['pipelined replies', '+OK\r\n:1\r\n$1\r\nx\r\n', [reply('OK'), reply(1), reply('x')]],
];

function decodeWhole(bytes: Buffer): unknown[] {
  return plain(decodeInPieces(bytes, [])) as unknown[];
}

describe('Decoder delivers every RESP2 and RESP3 type', () => {
  it.each(EXAMPLES)('%s', (_name, text, expected) => {
    expect(decodeWhole(Buffer.from(text))).toEqual(expected);
  });
});

describe('Decoder gives the same result however the bytes are split', () => {
  it.each(EXAMPLES)('%s, split at every offset', (_name, text, expected) => {
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(plain(decodeInPieces(bytes, [cut])), `split at ${cut}`).toEqual(expected);
    }
  });

  it.each(EXAMPLES)('%s, one byte at a time', (_name, text, expected) => {
    const bytes = Buffer.from(text);
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(plain(decodeInPieces(bytes, cuts))).toEqual(expected);
  });

  it('collects a 1 MiB bulk string from 64 KiB chunks without losing a byte', () => {
    const payload = Buffer.alloc(1024 * 1024, 'abcdefghij');
    const bytes = Buffer.concat([
      Buffer.from(`$${payload.length}\r\n`),
      payload,
      Buffer.from('\r\n:1\r\n'),
    ]);
    const cuts: number[] = [];
    for (let at = 65536; at < bytes.length; at += 65536) cuts.push(at);
    const deliveries = decodeInPieces(bytes, cuts);
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]?.value).toBe(payload.toString());
    expect(deliveries[1]?.value).toBe(1);
  });

  it('splits between a bulk payload and its CRLF', () => {
    const bytes = Buffer.from('$3\r\nabc\r\n');
    expect(plain(decodeInPieces(bytes, [7, 8]))).toEqual([reply('abc')]);
  });
});

describe('Decoder copies strings of an all-ASCII read as Latin-1, and decodes any other read as UTF-8', () => {
  const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  const array = (values: string[]) => `*${values.length}\r\n${values.map(bulk).join('')}`;
  // 12 bytes are built in JavaScript, 13 and more take the native copy; 9,000 is past the size
  // where each string used to be scanned on its own.
  const ascii = ['a'.repeat(12), 'b'.repeat(13), `value:${'.'.repeat(94)}`, 'c'.repeat(9_000)];
  const accented = ['caf\u00e9 cr\u00e8me br\u00fbl\u00e9e', `${'\u20ac'.repeat(40)} and more`];

  it('gives the same strings for an all-ASCII read, at every length class', () => {
    expect(decodeWhole(Buffer.from(array(ascii)))).toEqual([reply(ascii)]);
  });

  it('decodes every string of a read as UTF-8 once one byte of the read is not ASCII', () => {
    // The non-ASCII value comes last, after ASCII strings long enough to ask about the read.
    const values = [...ascii, ...accented];
    expect(decodeWhole(Buffer.from(array(values)))).toEqual([reply(values)]);
  });

  it('decides per read: ASCII and UTF-8 replies arriving in separate reads both come out whole', () => {
    const replies = [array(ascii), array(accented), array(ascii.slice(1, 3))];
    const decoded: unknown[] = [];
    const decoder = new Decoder({ onReply: (value) => decoded.push(value), onPush: () => {} });
    for (const text of replies) decoder.write(Buffer.from(text));
    expect(decoded).toEqual([ascii, accented, ascii.slice(1, 3)]);
  });

  it('keeps bytes 0x80 to 0xFF as UTF-8, never as Latin-1 characters', () => {
    // Latin-1 would read the two bytes of "é" as "Ã©": the read is not ASCII, so it is not used.
    const text = `${'x'.repeat(20)}\u00e9`;
    expect(decodeWhole(Buffer.from(array([text, 'y'.repeat(20)])))).toEqual([
      reply([text, 'y'.repeat(20)]),
    ]);
  });
});

describe('Decoder returns strings or Buffers per reply', () => {
  it('asks returnBuffers at the start of each top-level reply', () => {
    const answers = [true, false, true];
    const { decoder, deliveries } = collectingDecoder({ buffers: () => answers.shift() ?? false });
    decoder.write(Buffer.from('$3\r\nabc\r\n$3\r\ndef\r\n*2\r\n+OK\r\n=7\r\ntxt:xyz\r\n'));
    expect(plain(deliveries)).toEqual([
      reply({ buffer: 'abc' }),
      reply('def'),
      reply([{ buffer: 'OK' }, { verbatim: 'txt', text: { buffer: 'xyz' } }]),
    ]);
  });

  it('keeps the decision for a reply that spans chunks', () => {
    let calls = 0;
    const { decoder, deliveries } = collectingDecoder({ buffers: () => ++calls === 1 });
    decoder.write(Buffer.from('*2\r\n$1\r\na'));
    decoder.write(Buffer.from('\r\n$1\r\nb\r\n'));
    expect(plain(deliveries)).toEqual([reply([{ buffer: 'a' }, { buffer: 'b' }])]);
  });

  it('never asks for push frames, which follow pushBuffers', () => {
    let asked = 0;
    const bytes = Buffer.from('>2\r\n+message\r\n$2\r\nhi\r\n');
    const text = collectingDecoder({ buffers: () => ++asked > 0 });
    text.decoder.write(bytes);
    expect(asked).toBe(0);
    expect(plain(text.deliveries)).toEqual([{ kind: 'push', value: ['message', 'hi'] }]);
    const binary = collectingDecoder({ pushBuffers: true });
    binary.decoder.write(bytes);
    expect(plain(binary.deliveries)).toEqual([
      { kind: 'push', value: [{ buffer: 'message' }, { buffer: 'hi' }] },
    ]);
  });

  it('returns Buffers that do not share memory with the chunk', () => {
    const { decoder, deliveries } = collectingDecoder({ buffers: () => true });
    const chunk = Buffer.from('$3\r\nabc\r\n');
    decoder.write(chunk);
    chunk.fill(0);
    expect(plain(deliveries)).toEqual([reply({ buffer: 'abc' })]);
  });

  it('delivers server errors as ReplyError values, never thrown', () => {
    const { decoder, deliveries } = collectingDecoder();
    expect(() => decoder.write(Buffer.from('-NOSCRIPT No matching script\r\n'))).not.toThrow();
    const value = deliveries[0]?.value;
    expect(value).toBeInstanceOf(ReplyError);
    expect((value as ReplyError).code).toBe('NOSCRIPT');
  });
});

describe('Decoder rejects malformed bytes with ProtocolError and its offset', () => {
  const MALFORMED: [name: string, bytes: string, offset: number][] = [
    ['unknown type byte', '+OK\r\n?what\r\n', 5],
    ['letters in an integer', ':12a\r\n', 3],
    ['empty integer', ':\r\n', 1],
    ['CR without LF', '+OK\rX', 4],
    ['negative length other than -1', '$-2\r\n', 1],
    ['letters in a length', '*1x\r\n', 2],
    ['bulk payload longer than declared', '$2\r\nabc\r\n', 6],
    ['boolean other than t or f', '#x\r\n', 1],
    ['invalid double', ',1.2.3\r\n', 1],
    ['invalid big number', '(12x\r\n', 1],
    ['streamed part outside a streamed string', ';3\r\nabc\r\n', 0],
    ['streamed end outside a streamed aggregate', '.\r\n', 0],
    ['streamed end closing a counted array', '*2\r\n:1\r\n.\r\n', 8],
    ['non-part inside a streamed string', '$?\r\n:1\r\n', 4],
    ['null map', '%-1\r\n', 0],
    ['streamed error', '!?\r\n', 0],
    ['verbatim string without format', '=2\r\nab\r\n', 0],
    ['verbatim string without colon', '=5\r\ntxt-a\r\n', 7],
    ['streamed map ending after a key', '%?\r\n+a\r\n.\r\n', 8],
    ['length with too many digits', '$1234567890123456\r\n', 16],
  ];

  it.each(MALFORMED)('%s', (_name, text, offset) => {
    const { decoder } = collectingDecoder();
    let caught: unknown;
    try {
      decoder.write(Buffer.from(text));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect((caught as ProtocolError).offset).toBe(offset);
    expect((caught as ProtocolError).code).toBe('REDWIRE_PROTOCOL');
  });

  it('reports the offset in the whole stream, across chunks', () => {
    const { decoder } = collectingDecoder();
    decoder.write(Buffer.from('+OK\r\n:1'));
    expect(() => decoder.write(Buffer.from('2\r\n:x\r\n'))).toThrow(/at byte 11/);
  });

  it('refuses further input until reset, then decodes afresh', () => {
    const { decoder, deliveries } = collectingDecoder();
    expect(() => decoder.write(Buffer.from('*2\r\n:1\r\n?'))).toThrow(ProtocolError);
    expect(() => decoder.write(Buffer.from(':2\r\n'))).toThrow(ProtocolError);
    decoder.reset();
    expect(decoder.hasPartialReply).toBe(false);
    decoder.write(Buffer.from(':2\r\n'));
    expect(plain(deliveries)).toEqual([reply(2)]);
  });

  it('forgets a partial reply on reset', () => {
    const { decoder, deliveries } = collectingDecoder();
    decoder.write(Buffer.from('*3\r\n:1\r\n$10\r\nabc'));
    expect(decoder.hasPartialReply).toBe(true);
    decoder.reset();
    decoder.write(Buffer.from('+OK\r\n'));
    expect(plain(deliveries)).toEqual([reply('OK')]);
  });
});

describe('Decoder limits what a server can make it hold', () => {
  function failure(text: string, options: ConstructorParameters<typeof Decoder>[1]): ProtocolError {
    const { decoder } = collectingDecoder(options);
    try {
      decoder.write(Buffer.from(text));
    } catch (error) {
      return error as ProtocolError;
    }
    throw new Error('expected a ProtocolError');
  }

  it('rejects a $9999999999 header at once instead of allocating for it', () => {
    const error = failure('$9999999999\r\n', {});
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toMatch(/maxBulkLength/);
  });

  it('rejects bulk strings, streamed strings and aggregates past their configured caps', () => {
    expect(failure('$11\r\n', { maxBulkLength: 10 }).message).toMatch(/maxBulkLength/);
    expect(failure('$?\r\n;6\r\nabcdef\r\n;6\r\n', { maxBulkLength: 10 }).message).toMatch(
      /maxBulkLength/,
    );
    expect(failure('*11\r\n', { maxAggregateLength: 10 }).message).toMatch(/maxAggregateLength/);
    expect(failure('*?\r\n:1\r\n:2\r\n:3\r\n', { maxAggregateLength: 2 }).message).toMatch(
      /maxAggregateLength/,
    );
    expect(failure('*1\r\n*1\r\n*1\r\n:1\r\n', { maxDepth: 2 }).message).toMatch(/maxDepth/);
  });

  it('rejects a line that never ends once it passes maxLineLength', () => {
    const { decoder } = collectingDecoder({ maxLineLength: 16 });
    decoder.write(Buffer.from('+0123456789'));
    expect(() => decoder.write(Buffer.from('0123456789'))).toThrow(/maxLineLength/);
  });

  it('holds no more than BULK_AHEAD_BYTES for a huge declared bulk string before its bytes arrive', () => {
    const { decoder } = collectingDecoder();
    const before = process.memoryUsage().arrayBuffers;
    decoder.write(Buffer.from('$500000000\r\nabc'));
    const held = process.memoryUsage().arrayBuffers - before;
    expect(held).toBeLessThan(BULK_AHEAD_BYTES + 1024 * 1024);
    expect(decoder.hasPartialReply).toBe(true);
  });

  it('does not allocate for a huge declared aggregate before its elements arrive', () => {
    const { decoder } = collectingDecoder();
    const before = process.memoryUsage().heapUsed;
    decoder.write(Buffer.from('*4294967295\r\n:1\r\n'));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
    expect(decoder.hasPartialReply).toBe(true);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => new Decoder({ onReply() {}, onPush() {} }, { maxDepth: 0 })).toThrow(RangeError);
    expect(() => new Decoder({ onReply() {}, onPush() {} }, { maxBulkLength: Number.NaN })).toThrow(
      RangeError,
    );
  });
});

describe('Decoder handlers', () => {
  it('drops attributes when no onAttribute handler is given', () => {
    const replies: unknown[] = [];
    const decoder = new Decoder({ onReply: (r) => replies.push(r), onPush() {} });
    decoder.write(Buffer.from('|1\r\n+a\r\n:1\r\n+OK\r\n'));
    expect(replies).toEqual(['OK']);
  });

  it('stops at an exception thrown by a handler and stays failed until reset', () => {
    const decoder = new Decoder({
      onReply: () => {
        throw new Error('handler bug');
      },
      onPush() {},
    });
    expect(() => decoder.write(Buffer.from(':1\r\n'))).toThrow('handler bug');
    expect(() => decoder.write(Buffer.from(':1\r\n'))).toThrow('handler bug');
  });
});

export type { Delivery };
