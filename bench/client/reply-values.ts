/**
 * Where the string values sit in a step's expected reply bytes, for the wire floor's "values in
 * hand" variant: found once, before timing, by walking the RESP the step expects. Knows the
 * replies the client workloads get: simple strings, integers, bulk strings and arrays of them.
 */

/** One bulk string of a reply: its bytes are `[start, end)` and must read as `text`. */
export interface ReplyValue {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Every bulk string in `reply` (one or more whole replies), in order. */
export function replyValues(reply: Buffer): ReplyValue[] {
  const values: ReplyValue[] = [];
  let at = 0;
  while (at < reply.length) at = walk(reply, at, values);
  return values;
}

function walk(reply: Buffer, at: number, values: ReplyValue[]): number {
  const lineEnd = reply.indexOf('\r\n', at, 'latin1');
  if (lineEnd === -1) throw new Error(`reply-values: no line end after offset ${at}`);
  const type = String.fromCharCode(reply[at] as number);
  const line = reply.toString('latin1', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
    case ':':
      return next;
    case '$': {
      const length = Number(line);
      if (length < 0) return next;
      values.push({
        start: next,
        end: next + length,
        text: reply.toString('latin1', next, next + length),
      });
      return next + length + 2;
    }
    case '*': {
      let position = next;
      for (let i = 0; i < Number(line); i++) position = walk(reply, position, values);
      return position;
    }
    default:
      throw new Error(`reply-values: type ${JSON.stringify(type)} at ${at} is not one it knows`);
  }
}
