/**
 * One command to a Redis server over a connection of its own, for setting up a benchmark
 * (PING, MSET, INFO) outside the timed path. It uses no client under test, so a broken client
 * cannot break the set-up of the others.
 */

import { connect } from 'node:net';
import { Decoder, encodeCommand, type RespValue } from '@redwire/protocol';

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

const TIMEOUT_MS = 5000;

/** Resolves to the reply; rejects on a server error, a connection error or after 5 s. */
export function adminCommand(
  address: ServerAddress,
  args: readonly (string | number)[],
): Promise<RespValue> {
  return new Promise((resolve, reject) => {
    const socket = connect(address);
    const finish = (error: Error | undefined, reply?: RespValue): void => {
      socket.destroy();
      if (error === undefined) resolve(reply ?? null);
      else reject(error);
    };
    const label = `${args[0]} to ${address.host}:${address.port}`;
    socket.setTimeout(TIMEOUT_MS, () =>
      finish(new Error(`${label}: no reply in ${TIMEOUT_MS} ms`)),
    );
    socket.on('error', (error) =>
      finish(new Error(`${label}: ${error.message}`, { cause: error })),
    );
    socket.on('close', () => finish(new Error(`${label}: connection closed before the reply`)));

    // The decoder hands server errors to onReply as ReplyError values.
    const decoder = new Decoder({
      onReply: (reply) => finish(reply instanceof Error ? reply : undefined, reply),
      onPush: () => {},
    });
    socket.on('data', (chunk) => decoder.write(chunk));

    const encoded = encodeCommand(args);
    for (const part of typeof encoded === 'string' ? [encoded] : encoded) socket.write(part);
  });
}
