/**
 * The raw sockets of the wire floors, reading as cheaply as Node allows: into one buffer per
 * socket, reused for every read (net's `onread`), with no Readable stream and no fresh Buffer per
 * read. redwire's connection reads plain sockets the same way, and a floor must not be slower at
 * reading than a client it bounds.
 */
import { connect, type Socket } from 'node:net';
import type { ServerAddress } from '@redwire/test-harness/servers';

const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Connects with Nagle off; `onBytes` gets each read as a view of the socket's buffer, valid only
 * until it returns: it copies whatever must outlive the call.
 */
export function openRawSocket(
  { host, port }: ServerAddress,
  onBytes: (chunk: Buffer) => void,
): Promise<Socket> {
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host,
        port,
        noDelay: true,
        onread: {
          buffer,
          callback: (bytes) => {
            onBytes(buffer.subarray(0, bytes));
            return true;
          },
        },
      },
      () => {
        socket.off('error', reject);
        resolve(socket);
      },
    );
    socket.once('error', reject);
  });
}
