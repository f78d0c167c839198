/**
 * What a connection needs to know about pub/sub, and nothing more. SUBSCRIBE and its five
 * siblings are not answered by a reply: the server confirms each name with a frame of its own
 * (a push under RESP3, an ordinary array under RESP2), so such a command waits in the reply
 * FIFO for its confirmations instead. Under RESP2 a connection in subscribe mode also receives
 * messages as ordinary arrays; a connection put in pub/sub mode tells them from replies by their
 * first element. A normal connection never runs any of this.
 */
import { Buffer } from 'node:buffer';
import {
  type CommandArgument,
  Decoder,
  type DecoderHandlers,
  type PushFrame,
  type RespValue,
  VerbatimString,
} from '@redwire/protocol';

/** The first element of every pub/sub frame: messages and (un)subscribe confirmations. */
const PUBSUB_FRAME_KINDS: ReadonlySet<string> = new Set([
  'message',
  'pmessage',
  'smessage',
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
]);

/**
 * The subscribe family, by upper-case name: the commands `PushConfirmations` understands,
 * answered by confirmation frames rather than a reply.
 */
export const SUBSCRIPTION_COMMANDS: ReadonlySet<string> = new Set([
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'PSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SSUBSCRIBE',
  'SUNSUBSCRIBE',
]);

/** Options of `Connection.usePubSub`. */
export interface PubSubModeOptions {
  /**
   * Pub/sub frames carry Buffers instead of UTF-8 strings (binary channel names and payloads).
   * @defaultValue false
   */
  buffers?: boolean | undefined;
}

/**
 * The kind of a pub/sub frame (`'message'`, `'subscribe'`, `'sunsubscribe'`, …), or undefined
 * when `frame` is not one. The kind may arrive as a Buffer when frames carry Buffers.
 */
export function pubSubFrameKind(frame: RespValue): string | undefined {
  if (!Array.isArray(frame) || frame.length < 3) return undefined;
  const first = frame[0];
  let kind: string | undefined;
  if (typeof first === 'string') kind = first;
  else if (Buffer.isBuffer(first) && first.length <= 12) kind = first.toString('latin1');
  return kind !== undefined && PUBSUB_FRAME_KINDS.has(kind) ? kind : undefined;
}

/**
 * The confirmations a SUBSCRIBE-family command waits for, or a TypeError for a command that is
 * not one or names no channel (without names the server sends one confirmation per
 * subscription it holds, a number the connection cannot know).
 */
export function confirmationsFor(args: readonly CommandArgument[]): PushConfirmations | TypeError {
  const name = typeof args[0] === 'string' ? args[0].toUpperCase() : '';
  if (!SUBSCRIPTION_COMMANDS.has(name)) {
    return new TypeError(
      `sendPubSub takes (P|S)SUBSCRIBE or (P|S)UNSUBSCRIBE, got ${String(args[0])}`,
    );
  }
  if (args.length < 2) return new TypeError(`sendPubSub needs at least one name after ${name}`);
  return new PushConfirmations(name.toLowerCase(), args.slice(1));
}

/**
 * What a SUBSCRIBE-family command waits for: one frame per name, in the order the names were
 * given (the server handles them in that order and writes nothing else in between). A frame of
 * the right kind naming another channel is not one of them: the server may end a sharded
 * subscription on its own (`sunsubscribe` when a slot moves) at any time.
 */
export class PushConfirmations {
  readonly #kind: string;
  readonly #names: readonly (string | Buffer)[];
  /** The confirmations received so far, which the command resolves with. */
  readonly frames: PushFrame[] = [];

  /** @param kind - the confirmation frames' kind: the command's name in lower case */
  constructor(kind: string, names: readonly CommandArgument[]) {
    this.#kind = kind;
    this.#names = names.map((name) => (Buffer.isBuffer(name) ? name : String(name)));
  }

  get done(): boolean {
    return this.frames.length === this.#names.length;
  }

  /** Takes `frame` if it is the next confirmation awaited; false leaves it to others. */
  accept(frame: PushFrame): boolean {
    if (this.done || pubSubFrameKind(frame) !== this.#kind) return false;
    if (!sameName(frame[1], this.#names[this.frames.length] as string | Buffer)) return false;
    this.frames.push(frame);
    return true;
  }
}

function sameName(received: RespValue | undefined, sent: string | Buffer): boolean {
  if (typeof received === 'string' && typeof sent === 'string') return received === sent;
  if (typeof received !== 'string' && !Buffer.isBuffer(received)) return false;
  // One side is bytes: compare bytes, as the server did.
  return Buffer.from(received).equals(Buffer.from(sent));
}

/**
 * The decoder of a connection in pub/sub mode: the connection's own handlers, except that under
 * RESP2 arrays that are pub/sub frames go to `onPush`. With `buffers`, pub/sub frames carry
 * Buffers; under RESP2 a frame's form must be chosen before it is read, so every reply is read as
 * Buffers and turned back into strings for a command that asked for strings.
 */
export function createPubSubDecoder(
  handlers: Required<Pick<DecoderHandlers, 'onReply' | 'onPush' | 'returnBuffers'>>,
  protocol: () => 2 | 3,
  buffers: boolean,
): Decoder {
  let forced = false;
  return new Decoder(
    {
      onReply(reply) {
        if (protocol() === 2 && pubSubFrameKind(reply) !== undefined) {
          handlers.onPush(reply as PushFrame);
          return;
        }
        handlers.onReply(forced && !handlers.returnBuffers() ? asStrings(reply) : reply);
      },
      onPush: handlers.onPush,
      returnBuffers() {
        forced = buffers && protocol() === 2;
        return forced || handlers.returnBuffers();
      },
    },
    { pushBuffers: buffers },
  );
}

/** `value` with every Buffer in it decoded as UTF-8, as a reply read with strings would be. */
export function asStrings(value: RespValue): RespValue {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(asStrings);
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]) => [asStrings(k), asStrings(v)] as const));
  }
  if (value instanceof Set) return new Set([...value].map(asStrings));
  if (value instanceof VerbatimString) return new VerbatimString(value.format, String(value));
  return value;
}
