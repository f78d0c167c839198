import { describe, expect, it } from 'vitest';
import { encodeCommand, releaseEncoded } from './encoder.js';
import {
  freeWriteRooms,
  isWriteRoom,
  MAX_FREE_ROOMS,
  MAX_ROOM_BYTES,
  returnWriteRoom,
  takeWriteRoom,
} from './write-rooms.js';

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
    returnWriteRoom(first);
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
    expect(isWriteRoom(chunk)).toBe(true);
    expect(isWriteRoom(Buffer.alloc(100_000))).toBe(false);
    expect(isWriteRoom(Buffer.from('small'))).toBe(false);
    returnWriteRoom(chunk);
    expect(isWriteRoom(chunk)).toBe(false);
  });

  it('leaves a caller’s own Buffer alone, and counts a room given back twice once', () => {
    const chunk = largeChunk(['SET', 'k', LARGE]);
    const before = freeWriteRooms().rooms;
    returnWriteRoom(Buffer.alloc(100_000));
    expect(freeWriteRooms().rooms).toBe(before);
    returnWriteRoom(chunk);
    returnWriteRoom(chunk);
    expect(freeWriteRooms().rooms).toBe(before + 1);
  });

  it('gives back the rooms of a command encoded but not written, and nothing else', () => {
    const own = Buffer.alloc(100_000);
    const encoded = encodeCommand(['MSET', 'a', LARGE, 'b', own, 'c', 'small']);
    const before = freeWriteRooms().rooms;
    releaseEncoded(encoded);
    expect(freeWriteRooms().rooms).toBe(before + 1);
    expect(isWriteRoom(own)).toBe(false);
    releaseEncoded(encodeCommand(['GET', 'k']));
    expect(freeWriteRooms().rooms).toBe(before + 1);
  });

  it('keeps a bounded number of free rooms, none over the size limit', () => {
    const rooms = Array.from({ length: MAX_FREE_ROOMS + 4 }, () => takeWriteRoom(1024));
    for (const room of rooms) returnWriteRoom(room);
    expect(freeWriteRooms().rooms).toBe(MAX_FREE_ROOMS);
    const huge = takeWriteRoom(MAX_ROOM_BYTES + 1);
    // Drain the free list so that the huge room would have space, then give it back.
    for (let i = 0; i < MAX_FREE_ROOMS; i++) takeWriteRoom(1);
    returnWriteRoom(huge);
    expect(freeWriteRooms().rooms).toBe(0);
  });

  it('converts non-ASCII text exactly and gives back the room it could not use', () => {
    const text = 'é'.repeat(70_000);
    const chunk = largeChunk(['SET', 'k', text]);
    expect(chunk.toString()).toBe(text);
    expect(chunk.length).toBe(140_000);
  });
});
