import { Buffer } from 'node:buffer';
import { ServerReplyError } from './errors.js';

/**
 * A RESP2 reply as the harness sees it: bulk and simple strings as UTF-8 text, integers as
 * numbers, nil as `null`. An error nested in an array (EXEC) stays a value.
 */
export type RespValue = string | number | null | ServerReplyError | RespValue[];

/** A decoded reply and the offset just past it. */
export interface Decoded {
  readonly value: RespValue;
  readonly offset: number;
}

const CRLF = '\r\n';

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  let text = `*${args.length}${CRLF}`;
  for (const arg of args) {
    const value = String(arg);
    text += `$${Buffer.byteLength(value)}${CRLF}${value}${CRLF}`;
  }
  return Buffer.from(text);
}

/**
 * Decodes one reply starting at `offset`, or returns `null` when the buffer does not yet hold a
 * whole reply (read more and call again from the same offset).
 *
 * Rescanning an incomplete reply from its start is fine here: harness replies are small
 * (CLUSTER NODES is about a kilobyte), unlike the real client's decoder.
 *
 * @throws TypeError on a byte that starts no RESP2 type.
 */
export function decodeReply(buffer: Buffer, offset = 0): Decoded | null {
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd === -1) return null;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, offset: next };
    case '-':
      return { value: new ServerReplyError(line), offset: next };
    case ':':
      return { value: Number(line), offset: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, offset: next };
      if (buffer.length < next + length + 2) return null;
      return { value: buffer.toString('utf8', next, next + length), offset: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, offset: next };
      const items: RespValue[] = [];
      let cursor = next;
      for (let i = 0; i < count; i++) {
        const item = decodeReply(buffer, cursor);
        if (item === null) return null;
        items.push(item.value);
        cursor = item.offset;
      }
      return { value: items, offset: cursor };
    }
    default:
      throw new TypeError(`Unexpected RESP type byte ${JSON.stringify(type)} at offset ${offset}`);
  }
}
