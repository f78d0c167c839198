import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { HarnessConnectionError, HarnessTimeoutError, ServerReplyError } from './errors.js';
import { HARNESS_DEFAULTS } from './options.js';
import { decodeReply, encodeCommand, type RespValue } from './resp-codec.js';
import { authArgs, formatTarget, openSocket, type RespTarget } from './resp-target.js';

/** A command's arguments, as redis-cli would take them. */
export type CommandArgs = readonly (string | number)[];

interface Pending {
  readonly resolve: (value: RespValue) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A minimal RESP2 connection for the harness's own use: commands are written at once and
 * replies matched in order. Any timeout destroys the socket, because the replies still owed
 * would otherwise be matched to the wrong commands.
 */
export class RespClient {
  readonly #socket: Socket;
  readonly #label: string;
  readonly #timeoutMs: number;
  readonly #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #failure: Error | undefined;

  private constructor(socket: Socket, label: string, timeoutMs: number) {
    this.#socket = socket;
    this.#label = label;
    this.#timeoutMs = timeoutMs;
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', (error) =>
      this.#fail(new HarnessConnectionError(`${label}: ${error.message}`, { cause: error })),
    );
    socket.on('close', () => this.#fail(new HarnessConnectionError(`${label}: connection closed`)));
  }

  /**
   * Opens a connection (TCP, TLS or unix socket) and, when the target has credentials, sends
   * AUTH before resolving.
   *
   * @param timeoutMs bound on connecting (TLS handshake included) and on each command's reply.
   * @throws HarnessConnectionError when the connection is refused or the TLS handshake fails;
   *   HarnessTimeoutError when it does not open in time; ServerReplyError when AUTH is refused.
   */
  static async connect(
    target: RespTarget,
    timeoutMs = HARNESS_DEFAULTS.commandTimeoutMs,
  ): Promise<RespClient> {
    const label = formatTarget(target);
    const client = await new Promise<RespClient>((resolve, reject) => {
      const { socket, readyEvent } = openSocket(target);
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new HarnessTimeoutError(`${label}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new HarnessConnectionError(`${label}: ${error.message}`, { cause: error }));
      });
      socket.once(readyEvent, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        // Built in this handler, so the socket is never without an 'error' listener.
        resolve(new RespClient(socket, label, timeoutMs));
      });
    });
    if (target.auth === undefined) return client;
    try {
      await client.command(authArgs(target.auth));
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  /**
   * Sends one command and resolves with its reply.
   *
   * @throws ServerReplyError for an error reply; HarnessTimeoutError when no reply comes in
   *   time; HarnessConnectionError when the connection is lost.
   */
  command(args: CommandArgs): Promise<RespValue> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(
          new HarnessTimeoutError(
            `${this.#label}: no reply to ${args[0]} within ${this.#timeoutMs} ms`,
          ),
        );
      }, this.#timeoutMs);
      this.#pending.push({
        resolve: (value) => {
          clearTimeout(timer);
          if (value instanceof ServerReplyError) reject(value);
          else resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#socket.write(encodeCommand(args));
    });
  }

  /** Closes the connection at once; commands still waiting are rejected. */
  close(): void {
    this.#fail(new HarnessConnectionError(`${this.#label}: closed by the harness`));
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    for (;;) {
      const decoded = decodeReply(this.#buffer, offset);
      if (decoded === null) break;
      offset = decoded.offset;
      this.#pending.shift()?.resolve(decoded.value);
    }
    this.#buffer = this.#buffer.subarray(offset);
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#socket.destroy();
    for (const pending of this.#pending.splice(0)) pending.reject(error);
  }
}

/**
 * Opens a connection, sends one command, and closes it: the harness's servers come and go, so
 * levers keep no connection between calls.
 */
export async function sendCommand(
  target: RespTarget,
  args: CommandArgs,
  timeoutMs = HARNESS_DEFAULTS.commandTimeoutMs,
): Promise<RespValue> {
  const client = await RespClient.connect(target, timeoutMs);
  try {
    return await client.command(args);
  } finally {
    client.close();
  }
}

/** Like {@link sendCommand}, for commands whose reply is text (INFO, CLUSTER NODES, PING). */
export async function sendTextCommand(
  target: RespTarget,
  args: CommandArgs,
  timeoutMs = HARNESS_DEFAULTS.commandTimeoutMs,
): Promise<string> {
  const reply = await sendCommand(target, args, timeoutMs);
  if (typeof reply !== 'string') {
    throw new TypeError(
      `${formatTarget(target)}: expected text from ${args[0]}, got ${JSON.stringify(reply)}`,
    );
  }
  return reply;
}
