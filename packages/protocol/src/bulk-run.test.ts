import { describe, expect, it } from 'vitest';
import { openFrame } from './aggregate-stack.js';
import { decodeBulkRun, runAscii } from './bulk-run.js';
import { ProtocolError } from './errors.js';
import { collectingDecoder, decodeInPieces } from './test-helpers/collect.js';
import { TypeByte } from './type-bytes.js';

const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
const bytes = (text: string) => Buffer.from(text);

/** A frame for `count` elements made at its length, as the decoder opens it for `buf`. */
const arrayFrame = (count: number, buf: Buffer) => openFrame(TypeByte.ARRAY, count, buf.length);

describe('decodeBulkRun fills an aggregate with a run of whole bulk strings', () => {
  it('fills every slot but the last and returns where the last element starts', () => {
    const buf = bytes(bulk('a') + bulk('bc') + bulk('def'));
    const frame = arrayFrame(3, buf);
    const next = decodeBulkRun(buf, 0, frame, 512, undefined);
    expect(next).toBe(bulk('a').length + bulk('bc').length);
    expect(frame.items.slice(0, 2)).toEqual(['a', 'bc']);
    expect(frame.remaining).toBe(1);
  });

  it('continues a frame from the slot its earlier elements reached', () => {
    const buf = bytes(bulk('c') + bulk('d') + bulk('e'));
    const frame = arrayFrame(5, buf);
    frame.items[0] = 'a';
    frame.items[1] = 'b';
    frame.remaining = 3;
    decodeBulkRun(buf, 0, frame, 512, undefined);
    expect(frame.items.slice(0, 4)).toEqual(['a', 'b', 'c', 'd']);
    expect(frame.remaining).toBe(1);
  });

  it.each([
    ['an integer', ':1\r\n'],
    ['a null bulk string', '$-1\r\n'],
    ['a streamed string', '$?\r\n'],
    ['a payload the read does not hold', '$5\r\nab'],
    ['a length the read does not hold', '$1'],
    ['a payload not ended by CRLF', '$2\r\nabc\r\n'],
    ['an empty length', '$\r\n\r\n'],
    ['a length of 16 digits', '$0000000000000001\r\na\r\n'],
    ['a length past maxBulkLength', bulk('x'.repeat(600))],
  ])('leaves %s to the decoder, with the frame untouched', (_name, first) => {
    const buf = bytes(first + bulk('z') + bulk('z'));
    const frame = arrayFrame(3, buf);
    expect(decodeBulkRun(buf, 0, frame, 512, undefined)).toBe(0);
    expect(frame.remaining).toBe(3);
  });

  it('stops at the first element it does not take, keeping those before it', () => {
    const buf = bytes(`${bulk('a')}:7\r\n${bulk('b')}`);
    const frame = arrayFrame(3, buf);
    expect(decodeBulkRun(buf, 0, frame, 512, undefined)).toBe(bulk('a').length);
    expect(frame.items[0]).toBe('a');
    expect(frame.remaining).toBe(2);
  });

  it('scans the read for ASCII only once a string longer than a short one comes, and says what it found', () => {
    const short = bytes(bulk('é') + bulk('ab') + bulk('c'));
    decodeBulkRun(short, 0, arrayFrame(3, short), 512, undefined);
    expect(runAscii.known).toBeUndefined();

    const ascii = bytes(bulk('a'.repeat(40)) + bulk('b'.repeat(40)) + bulk('c'));
    const asciiFrame = arrayFrame(3, ascii);
    decodeBulkRun(ascii, 0, asciiFrame, 512, undefined);
    expect(runAscii.known).toBe(true);
    expect(asciiFrame.items.slice(0, 2)).toEqual(['a'.repeat(40), 'b'.repeat(40)]);

    const text = `${'é'.repeat(20)}€`;
    const utf8 = bytes(bulk(text) + bulk('a'.repeat(40)) + bulk('c'));
    const utf8Frame = arrayFrame(3, utf8);
    decodeBulkRun(utf8, 0, utf8Frame, 512, undefined);
    expect(runAscii.known).toBe(false);
    expect(utf8Frame.items.slice(0, 2)).toEqual([text, 'a'.repeat(40)]);
  });
});

describe('Decoder takes runs of bulk strings inside aggregates, with the same results', () => {
  const values = Array.from({ length: 40 }, (_, i) =>
    i % 7 === 3 ? null : `value:${i}:${'v'.repeat(i * 3)}`,
  );
  const mget = `*${values.length}\r\n${values.map((v) => (v === null ? '$-1\r\n' : bulk(v))).join('')}`;

  it('an MGET reply with nulls among its values, whole and split at every offset', () => {
    const buf = bytes(mget);
    expect(decodeInPieces(buf, [])).toEqual([{ kind: 'reply', value: values }]);
    for (let cut = 1; cut < buf.length; cut++) {
      expect(decodeInPieces(buf, [cut])).toEqual([{ kind: 'reply', value: values }]);
    }
  });

  it('a RESP3 map and set of strings, an array of arrays, and other types among strings', () => {
    const text =
      `%2\r\n${bulk('f1')}${bulk('v1')}${bulk('f2')}${bulk('v2')}` +
      `~3\r\n${bulk('a')}${bulk('b')}${bulk('c')}` +
      `*2\r\n*2\r\n${bulk('x')}${bulk('y')}*1\r\n${bulk('z')}` +
      `*4\r\n${bulk('a')}:5\r\n${bulk('b')}_\r\n`;
    expect(decodeInPieces(bytes(text), []).map((d) => d.value)).toEqual([
      new Map([
        ['f1', 'v1'],
        ['f2', 'v2'],
      ]),
      new Set(['a', 'b', 'c']),
      [['x', 'y'], ['z']],
      ['a', 5, 'b', null],
    ]);
  });

  it('steps aside when the reply is asked for as Buffers', () => {
    const { decoder, deliveries } = collectingDecoder({ buffers: () => true });
    decoder.write(bytes(`*3\r\n${bulk('a')}${bulk('bc')}${bulk('d'.repeat(30))}`));
    expect(deliveries[0]?.value).toEqual([
      Buffer.from('a'),
      Buffer.from('bc'),
      Buffer.from('d'.repeat(30)),
    ]);
  });

  it('leaves an element past maxBulkLength to the decoder, which refuses it at its offset', () => {
    const { decoder } = collectingDecoder({ maxBulkLength: 8 });
    const text = `*3\r\n${bulk('short')}${bulk('far too long')}${bulk('x')}`;
    const at = text.indexOf('$12');
    let thrown: unknown;
    try {
      decoder.write(bytes(text));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).offset).toBe(at);
  });
});
