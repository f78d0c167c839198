import { describe, expect, it } from 'vitest';
import { BULK_AHEAD_BYTES } from './pending-bulk.js';
import { freeRooms, returnRoom, takeRoom } from './rooms.js';
import { collectingDecoder, type Delivery } from './test-helpers/collect.js';

/** `$n\r\n<payload>\r\n`. */
function bulk(payload: Buffer | string): Buffer {
  const bytes = Buffer.from(payload);
  return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
}

/** Every kind of value a chunk can cut, RESP3: short and long strings, UTF-8, aggregates. */
const STREAM = Buffer.concat([
  Buffer.from('+OK\r\n:42\r\n'),
  bulk('short'),
  bulk('é'.repeat(50_000)),
  Buffer.from('*3\r\n'),
  bulk('a'),
  bulk('x'.repeat(70_000)),
  Buffer.from(',3.5\r\n'),
  Buffer.from('%1\r\n+key\r\n'),
  bulk('y'.repeat(1_000)),
  Buffer.from(`!${'Z'.repeat(80_000).length + 4}\r\nERR ${'Z'.repeat(80_000)}\r\n`),
  Buffer.from(`=${100_004}\r\ntxt:${'v'.repeat(100_000)}\r\n`),
  Buffer.from('$?\r\n;3\r\nabc\r\n;70000\r\n'),
  Buffer.from('w'.repeat(70_000)),
  Buffer.from('\r\n;0\r\n'),
  Buffer.from('-ERR plain\r\n'),
]);

/**
 * What the decoder delivers when fed `stream` as a reader with one reused buffer does: each
 * piece copied into the same memory, which is overwritten right after `write` returns.
 */
function decodeThroughOneBuffer(
  stream: Buffer,
  pieceSize: number,
  buffers = false,
): { deliveries: Delivery[] } {
  const { decoder, deliveries } = collectingDecoder({ buffers: () => buffers });
  const reused = Buffer.alloc(pieceSize);
  for (let at = 0; at < stream.length; at += pieceSize) {
    const read = stream.copy(reused, 0, at, at + pieceSize);
    decoder.write(reused.subarray(0, read));
    reused.fill(0xee);
  }
  return { deliveries };
}

function decodeWhole(stream: Buffer, buffers = false): Delivery[] {
  const { decoder, deliveries } = collectingDecoder({ buffers: () => buffers });
  decoder.write(stream);
  return deliveries;
}

describe('the decoder keeps no reference to a chunk once write() returns', () => {
  // Reads of any size, cutting lines, headers, UTF-8 characters and CRLFs in every place.
  it.each([1, 7, 64, 1_000, 16_384, 65_536])(
    'decodes every value intact from one buffer reused for reads of %i bytes',
    (pieceSize) => {
      expect(decodeThroughOneBuffer(STREAM, pieceSize).deliveries).toEqual(decodeWhole(STREAM));
    },
  );

  it('gives Buffer replies memory of their own, intact after the read buffer is reused', () => {
    const { deliveries } = decodeThroughOneBuffer(STREAM, 4_096, true);
    expect(deliveries).toEqual(decodeWhole(STREAM, true));
    const long = deliveries[3]?.value;
    expect(Buffer.isBuffer(long) && long.equals(Buffer.from('é'.repeat(50_000)))).toBe(true);
  });

  it('grows the memory of a value longer than it holds ahead, and decodes it intact', () => {
    const long = Buffer.alloc(BULK_AHEAD_BYTES * 2 + 12_345, 'abcdefghij');
    for (const buffers of [false, true]) {
      const { deliveries } = decodeThroughOneBuffer(bulk(long), 65_536, buffers);
      const [first] = deliveries;
      expect(deliveries).toHaveLength(1);
      const value = first?.value;
      expect(
        buffers ? Buffer.isBuffer(value) && value.equals(long) : value === long.toString(),
      ).toBe(true);
    }
  });

  it('gives the room a long value was copied into back once it is decoded', () => {
    // A free room large enough for the value: decoding takes it, and must give it back.
    returnRoom(takeRoom(300_000));
    const before = freeRooms().rooms;
    decodeThroughOneBuffer(bulk('r'.repeat(200_000)), 16_384);
    expect(freeRooms().rooms).toBe(before);
    decodeThroughOneBuffer(bulk('s'.repeat(150_000)), 16_384);
    expect(freeRooms().rooms).toBe(before);
  });
});
