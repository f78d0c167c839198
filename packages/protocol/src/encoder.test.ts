import { describe, expect, it } from 'vitest';
import { encodeCommand, encodedLength, MAX_ARGUMENT_BYTES } from './encoder.js';
import { ArgumentError, ArgumentTooLargeError } from './errors.js';
import { collectingDecoder } from './test-helpers/collect.js';

function wire(encoded: ReturnType<typeof encodeCommand>): Buffer {
  return typeof encoded === 'string'
    ? Buffer.from(encoded)
    : Buffer.concat(encoded.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

describe('encodeCommand', () => {
  it('encodes an all-string command as one string (the fast path)', () => {
    expect(encodeCommand(['SET', 'key', 'value'])).toBe(
      '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n',
    );
  });

  it('counts bytes, not characters, in string lengths', () => {
    expect(encodeCommand(['SET', 'k', 'hé€'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\nhé€\r\n');
  });

  it('passes Buffer arguments through as their own chunks, without copying', () => {
    const payload = Buffer.from([0, 1, 2, 0xff]);
    const encoded = encodeCommand(['SET', 'k', payload, 'EX', 10]);
    expect(Array.isArray(encoded)).toBe(true);
    expect((encoded as unknown[]).includes(payload)).toBe(true);
    expect(wire(encoded)).toEqual(
      Buffer.concat([
        Buffer.from('*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n'),
        payload,
        Buffer.from('\r\n$2\r\nEX\r\n$2\r\n10\r\n'),
      ]),
    );
  });

  it('writes a string of 64 KiB or more as a Buffer of its own, with the same bytes', () => {
    const ascii = 'abcdefghij'.repeat(7_000);
    // Almost all ASCII, ending past the ASCII room; all two-byte; a lone surrogate (3 bytes).
    const values = [ascii, `${ascii}😀`, 'é'.repeat(70_000), `${ascii}\ud800`];
    for (const value of values) {
      const encoded = encodeCommand(['SET', 'k', value, 'EX', 10]);
      expect(Array.isArray(encoded)).toBe(true);
      const bytes = Buffer.byteLength(value);
      expect(wire(encoded)).toEqual(
        Buffer.from(
          `*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$${bytes}\r\n${value}\r\n$2\r\nEX\r\n$2\r\n10\r\n`,
        ),
      );
    }
  });

  it('refuses a large string over the size limit by its bytes, not its characters', () => {
    const value = 'é'.repeat(70_000);
    expect(encodeCommand(['SET', 'k', value], 140_000)).toBeDefined();
    expect(() => encodeCommand(['SET', 'k', value], 139_999)).toThrow(ArgumentTooLargeError);
  });

  it('accepts a plain Uint8Array as bytes', () => {
    const encoded = encodeCommand(['SET', 'k', new Uint8Array([104, 105])]);
    expect(wire(encoded).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nhi\r\n');
  });

  it('formats numbers, bigints and infinities as Redis reads them', () => {
    expect(encodeCommand(['ZADD', 'z', 1.5, 'a', -3, 'b', 2n ** 70n, 'c'])).toBe(
      '*8\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\na\r\n$2\r\n-3\r\n$1\r\nb\r\n$22\r\n1180591620717411303424\r\n$1\r\nc\r\n',
    );
    expect(
      encodeCommand(['ZRANGEBYSCORE', 'z', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]),
    ).toBe('*4\r\n$13\r\nZRANGEBYSCORE\r\n$1\r\nz\r\n$4\r\n-inf\r\n$4\r\n+inf\r\n');
  });

  it('encodes empty strings and empty Buffers as empty bulk strings', () => {
    expect(wire(encodeCommand(['SET', '', Buffer.alloc(0)])).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n',
    );
  });

  it.each([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['an object', { a: 1 }, 'an object (Object)'],
    ['an array', ['x'], 'an array'],
    ['NaN', Number.NaN, 'NaN'],
    ['a boolean', true, 'a boolean'],
    ['a symbol', Symbol('s'), 'a symbol'],
    ['a Date', new Date(0), 'an object (Date)'],
  ])(
    'rejects %s with a TypeError naming the position, before producing anything',
    (_name, bad, got) => {
      let caught: unknown;
      try {
        encodeCommand(['SET', 'key', bad as never]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TypeError);
      expect(caught).toBeInstanceOf(ArgumentError);
      expect((caught as ArgumentError).position).toBe(2);
      expect((caught as ArgumentError).code).toBe('REDWIRE_INVALID_ARGUMENT');
      expect((caught as Error).message).toBe(
        `Invalid argument at position 2 of SET: expected a string, Buffer, number or bigint, got ${got}`,
      );
    },
  );

  it('rejects a bad argument after a Buffer, too', () => {
    expect(() => encodeCommand(['SET', Buffer.from('k'), undefined as never])).toThrow(
      /position 2 of SET/,
    );
  });

  it('refuses an argument over the size limit, in bytes, naming it (the server would drop the connection)', () => {
    const limit = 8;
    expect(encodeCommand(['SET', 'k', Buffer.alloc(limit)], limit)).toBeDefined();
    expect(encodeCommand(['SET', 'k', 'é'.repeat(4)], limit)).toBeDefined();
    const cases = [
      ['SET', 'k', Buffer.alloc(limit + 1)],
      ['SET', 'k', new Uint8Array(limit + 1)],
      // Nine bytes in five characters: the limit counts what goes on the wire.
      ['SET', 'k', `${'é'.repeat(4)}x`],
    ] as const;
    for (const args of cases) {
      let error: unknown;
      try {
        encodeCommand(args, limit);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ArgumentTooLargeError);
      expect(error).toBeInstanceOf(RangeError);
      expect(error).toMatchObject({
        code: 'REDWIRE_ARGUMENT_TOO_LARGE',
        position: 2,
        bytes: limit + 1,
        limit,
        message: expect.stringMatching(/^Argument 2 of SET is 9 bytes, over the 8-byte limit/),
      });
    }
  });

  it("defaults the size limit to the server's default proto-max-bulk-len, 512 MiB", () => {
    expect(MAX_ARGUMENT_BYTES).toBe(536_870_912);
  });

  it('rejects an empty command', () => {
    expect(() => encodeCommand([])).toThrow(ArgumentError);
  });

  it('reports the wire length of both forms', () => {
    expect(encodedLength(encodeCommand(['GET', 'é']))).toBe(
      Buffer.byteLength('*2\r\n$3\r\nGET\r\n$2\r\né\r\n'),
    );
    const mixed = encodeCommand(['SET', 'k', Buffer.alloc(10)]);
    expect(encodedLength(mixed)).toBe(wire(mixed).length);
  });

  it('round-trips through the decoder, as a server would read it', () => {
    const args = ['SET', 'ключ', 'a\r\nb', '', '12345678901234567890'];
    const { decoder, deliveries } = collectingDecoder();
    decoder.write(wire(encodeCommand(args)));
    expect(deliveries).toEqual([{ kind: 'reply', value: args }]);
  });
});

describe('encodeCommand, a command of many ASCII strings', () => {
  const keys = (count: number, name = 'key') =>
    Array.from({ length: count }, (_, index) => `${name}:${index}`);
  /** The bytes the string path gives for the same arguments: UTF-8 of the joined text. */
  const asText = (args: string[]) =>
    Buffer.from(
      `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
    );

  it('is written into one Buffer with the same bytes as the text, from 16 arguments on', () => {
    for (const args of [
      ['MGET', ...keys(15)],
      ['MGET', ...keys(100)],
      ['MSET', ...keys(400)],
      // Every width of length header the byte path writes.
      ['MSET', ...keys(16), ...[0, 9, 10, 99, 100, 999, 1000, 54_321].map((n) => 'v'.repeat(n))],
    ]) {
      const encoded = encodeCommand(args);
      expect(Array.isArray(encoded) && encoded.length === 1 && Buffer.isBuffer(encoded[0])).toBe(
        true,
      );
      expect(wire(encoded)).toEqual(asText(args));
      expect(encodedLength(encoded)).toBe(asText(args).length);
    }
  });

  it('stays one string under 16 arguments', () => {
    expect(typeof encodeCommand(['MGET', ...keys(14)])).toBe('string');
  });

  it('falls back to text with UTF-8 lengths when a string is not ASCII, wherever it is', () => {
    for (const position of [1, 50, 100]) {
      const args = ['MGET', ...keys(100)];
      args[position] = `clé:${position}€`;
      const encoded = encodeCommand(args);
      expect(typeof encoded).toBe('string');
      expect(wire(encoded)).toEqual(asText(args));
    }
  });

  it('falls back too for characters whose low byte alone would read as ASCII', () => {
    // U+0141 is 0x41 ('A') in its low byte: a byte copy would turn 'Ł' into 'A'.
    for (const odd of ['Ł', '\u4141', 'ÿ', '\u0080']) {
      const args = ['MGET', ...keys(30)];
      args[20] = `key:${odd}`;
      const encoded = encodeCommand(args);
      expect(typeof encoded).toBe('string');
      expect(wire(encoded)).toEqual(asText(args));
    }
  });

  it('keeps Buffers, numbers and empty strings on the general path, with the same bytes', () => {
    const payload = Buffer.from([0, 0xff]);
    const mixed = ['MSET', ...keys(20), payload, 7, ''];
    const encoded = encodeCommand(mixed);
    expect((encoded as unknown[]).includes(payload)).toBe(true);
    const { decoder, deliveries } = collectingDecoder();
    decoder.write(wire(encoded));
    expect(deliveries).toEqual([
      { kind: 'reply', value: ['MSET', ...keys(20), '\u0000\ufffd', '7', ''] },
    ]);
  });

  it('refuses an argument over the size limit as the general path does, naming it', () => {
    const args = ['MSET', ...keys(30)];
    args[17] = 'x'.repeat(40);
    expect(() => encodeCommand(args, 32)).toThrow(ArgumentTooLargeError);
    expect(() => encodeCommand(args, 32)).toThrow(/Argument 17 of MSET is 40 bytes/);
  });

  it('round-trips through the decoder, as a server would read it', () => {
    const args = ['MGET', ...keys(64, 'user'), 'a\r\nb', ''];
    const { decoder, deliveries } = collectingDecoder();
    decoder.write(wire(encodeCommand(args)));
    expect(deliveries).toEqual([{ kind: 'reply', value: args }]);
  });
});
