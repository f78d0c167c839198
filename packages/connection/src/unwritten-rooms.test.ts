import { type CommandArgument, encodeCommand, returnRoom } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

const LARGE = 'x'.repeat(100_000);

/** The room a command with one large string argument is encoded into. */
function roomOf(args: CommandArgument[]): Buffer {
  const encoded = encodeCommand(args);
  const room = typeof encoded === 'string' ? undefined : encoded.find(Buffer.isBuffer);
  if (room === undefined) throw new Error('expected a room among the chunks');
  return room;
}

// A large string argument is converted into a room the encoder reuses once it is given back
// (protocol's rooms.ts). One encoded and never written must be given back too, or each
// such command costs the next one a fresh allocation.
describe('a large argument encoded but never written', () => {
  it('gives its room back when only checked (checkArguments)', async () => {
    await using connection = new Connection({ host: '127.0.0.1', port: 1 });
    const room = roomOf(['SET', 'k', LARGE]);
    returnRoom(room);
    connection.checkArguments(['SET', 'k', LARGE]);
    expect(roomOf(['SET', 'k', LARGE]).buffer).toBe(room.buffer);
  });

  it('gives its room back when the command is refused (closed connection)', async () => {
    const connection = new Connection({ host: '127.0.0.1', port: 1 });
    await connection.close();
    const room = roomOf(['SET', 'k', LARGE]);
    returnRoom(room);
    await expect(connection.send(['SET', 'k', LARGE])).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
    expect(roomOf(['SET', 'k', LARGE]).buffer).toBe(room.buffer);
  });
});
