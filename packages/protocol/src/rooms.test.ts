import { describe, expect, it } from 'vitest';
import { encodeCommand, releaseEncoded } from './encoder.js';
import {
  freeRooms,
  isRoom,
  MAX_FREE_ROOMS,
  MAX_ROOM_BYTES,
  returnRoom,
  takeRoom,
} from './rooms.js';

const LARGE = 'x'.repeat(100_000);

/** The Buffer chunk an encoded command with one large string argument carries. */
function largeChunk(args: string[]): Buffer {
  const encoded = encodeCommand(args);
  if (typeof encoded === 'string') throw new Error('expected chunks');
  const chunk = encoded.find((part): part is Buffer => Buffer.isBuffer(part));
  if (chunk === undefined) throw new Error('expected a Buffer chunk');
  return chunk;
}

describe('write rooms', () => {
  it('gives a returned room to the next large string argument', () => {
    const first = largeChunk(['SET', 'k', LARGE]);
    expect(first.toString()).toBe(LARGE);
    returnRoom(first);
    const shorter = 'y'.repeat(99_999);
    const second = largeChunk(['SET', 'k', shorter]);
    expect(second.buffer).toBe(first.buffer);
    expect(second.toString()).toBe(shorter);
  });

  it('does not reuse a room that was never given back', () => {
    const kept = largeChunk(['SET', 'k', LARGE]);
    const other = largeChunk(['SET', 'k', LARGE]);
    expect(other.buffer).not.toBe(kept.buffer);
    expect(kept.toString()).toBe(LARGE);
  });

  it('tells the encoder’s rooms from other Buffers until they are given back', () => {
    const chunk = largeChunk(['SET', 'k', LARGE]);
    expect(isRoom(chunk)).toBe(true);
    expect(isRoom(Buffer.alloc(100_000))).toBe(false);
    expect(isRoom(Buffer.from('small'))).toBe(false);
    returnRoom(chunk);
    expect(isRoom(chunk)).toBe(false);
  });

  it('leaves a caller’s own Buffer alone, and counts a room given back twice once', () => {
    const chunk = largeChunk(['SET', 'k', LARGE]);
    const before = freeRooms().rooms;
    returnRoom(Buffer.alloc(100_000));
    expect(freeRooms().rooms).toBe(before);
    returnRoom(chunk);
    returnRoom(chunk);
    expect(freeRooms().rooms).toBe(before + 1);
  });

  it('gives back the rooms of a command encoded but not written, and nothing else', () => {
    const own = Buffer.alloc(100_000);
    const encoded = encodeCommand(['MSET', 'a', LARGE, 'b', own, 'c', 'small']);
    const before = freeRooms().rooms;
    releaseEncoded(encoded);
    expect(freeRooms().rooms).toBe(before + 1);
    expect(isRoom(own)).toBe(false);
    releaseEncoded(encodeCommand(['GET', 'k']));
    expect(freeRooms().rooms).toBe(before + 1);
  });

  it('keeps a bounded number of free rooms, none over the size limit', () => {
    const rooms = Array.from({ length: MAX_FREE_ROOMS + 4 }, () => takeRoom(1024));
    for (const room of rooms) returnRoom(room);
    expect(freeRooms().rooms).toBe(MAX_FREE_ROOMS);
    const huge = takeRoom(MAX_ROOM_BYTES + 1);
    // Drain the free list so that the huge room would have space, then give it back.
    for (let i = 0; i < MAX_FREE_ROOMS; i++) takeRoom(1);
    returnRoom(huge);
    expect(freeRooms().rooms).toBe(0);
  });

  it('converts non-ASCII text exactly and gives back the room it could not use', () => {
    const text = 'é'.repeat(70_000);
    const chunk = largeChunk(['SET', 'k', text]);
    expect(chunk.toString()).toBe(text);
    expect(chunk.length).toBe(140_000);
  });
});
