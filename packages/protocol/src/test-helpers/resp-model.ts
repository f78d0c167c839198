/**
 * A model of RESP frames for property tests: a generator of random frames, their bytes (in
 * every wire form: RESP2 nulls, RESP3 nulls, streamed strings and aggregates) and the value
 * the decoder must produce for them.
 */
import fc from 'fast-check';

export type Frame =
  | { t: 'simple'; v: string }
  | { t: 'error'; v: string; bulk: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'bulk'; v: string; streamed: number[] | null }
  | { t: 'null'; form: '$' | '*' | '_' }
  | { t: 'bool'; v: boolean }
  | { t: 'double'; v: number }
  | { t: 'big'; v: bigint }
  | { t: 'verbatim'; v: string }
  | { t: 'array'; items: Frame[]; streamed: boolean }
  | { t: 'set'; items: Frame[]; streamed: boolean }
  | { t: 'map'; entries: [string, Frame][]; streamed: boolean };

/** What the plain() view of a decoded frame must be. */
export function expectedOf(frame: Frame): unknown {
  switch (frame.t) {
    case 'simple':
    case 'bulk':
      return frame.v;
    case 'error':
      return {
        error: frame.v,
        code: /^[A-Z][A-Z0-9_-]*$/.test(frame.v.split(' ')[0] ?? '')
          ? frame.v.split(' ')[0]
          : 'ERR',
      };
    case 'int':
    case 'big': {
      const safe =
        frame.v <= BigInt(Number.MAX_SAFE_INTEGER) && frame.v >= BigInt(Number.MIN_SAFE_INTEGER);
      return frame.t === 'int' && safe ? Number(frame.v) : frame.v;
    }
    case 'null':
      return null;
    case 'bool':
    case 'double':
      return frame.v;
    case 'verbatim':
      return { verbatim: 'txt', text: frame.v };
    case 'array':
      return frame.items.map(expectedOf);
    case 'set':
      // A JavaScript Set keeps one of equal primitives, as a RESP3 set from Redis has no repeats.
      return { set: [...new Set(frame.items.map(expectedOf))] };
    case 'map':
      return { map: frame.entries.map(([k, v]) => [k, expectedOf(v)]) };
  }
}

const b = (s: string) => Buffer.from(s);

function bulk(prefix: string, text: string): Buffer {
  const bytes = b(text);
  return Buffer.concat([b(`${prefix}${bytes.length}\r\n`), bytes, b('\r\n')]);
}

function streamedString(text: string, sizes: number[]): Buffer {
  const bytes = b(text);
  const out = [b('$?\r\n')];
  let at = 0;
  for (const size of [...sizes, bytes.length]) {
    const part = bytes.subarray(at, Math.min(bytes.length, at + size));
    if (part.length === 0) break;
    out.push(b(`;${part.length}\r\n`), part, b('\r\n'));
    at += part.length;
  }
  out.push(b(';0\r\n'));
  return Buffer.concat(out);
}

function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return String(value);
}

function aggregate(prefix: string, count: number, body: Buffer[], streamed: boolean): Buffer {
  if (streamed) return Buffer.concat([b(`${prefix}?\r\n`), ...body, b('.\r\n')]);
  return Buffer.concat([b(`${prefix}${count}\r\n`), ...body]);
}

/** The frame's bytes on the wire. */
export function bytesOf(frame: Frame): Buffer {
  switch (frame.t) {
    case 'simple':
      return b(`+${frame.v}\r\n`);
    case 'error':
      return frame.bulk ? bulk('!', frame.v) : b(`-${frame.v}\r\n`);
    case 'int':
      return b(`:${frame.v}\r\n`);
    case 'bulk':
      return frame.streamed === null ? bulk('$', frame.v) : streamedString(frame.v, frame.streamed);
    case 'null':
      return b(frame.form === '_' ? '_\r\n' : `${frame.form}-1\r\n`);
    case 'bool':
      return b(frame.v ? '#t\r\n' : '#f\r\n');
    case 'double':
      return b(`,${formatDouble(frame.v)}\r\n`);
    case 'big':
      return b(`(${frame.v}\r\n`);
    case 'verbatim':
      return bulk('=', `txt:${frame.v}`);
    case 'array':
      return aggregate('*', frame.items.length, frame.items.map(bytesOf), frame.streamed);
    case 'set':
      return aggregate('~', frame.items.length, frame.items.map(bytesOf), frame.streamed);
    case 'map': {
      const body = frame.entries.flatMap(([k, v]) => [bulk('$', k), bytesOf(v)]);
      return aggregate('%', frame.entries.length, body, frame.streamed);
    }
  }
}

/** Text without CR or LF, for simple strings and errors. */
const line = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ' '));
const text = fc.string({ unit: 'binary', maxLength: 24 });

/** Random frames of every type, nested up to a few levels. */
export const frameArbitrary: fc.Arbitrary<Frame> = fc.letrec<{ frame: Frame }>((tie) => ({
  frame: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('simple' as const), v: line }),
    fc.record({
      t: fc.constant('error' as const),
      v: fc.oneof(
        line,
        line.map((s) => `WRONGTYPE ${s}`),
      ),
      bulk: fc.boolean(),
    }),
    fc.record({
      t: fc.constant('int' as const),
      v: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    }),
    fc.record({
      t: fc.constant('bulk' as const),
      v: text,
      streamed: fc.option(fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 4 })),
    }),
    fc.record({
      t: fc.constant('null' as const),
      form: fc.constantFrom('$' as const, '*' as const, '_' as const),
    }),
    fc.record({ t: fc.constant('bool' as const), v: fc.boolean() }),
    fc.record({
      t: fc.constant('double' as const),
      v: fc.double().map((d) => (Object.is(d, -0) ? 0 : d)),
    }),
    fc.record({
      t: fc.constant('big' as const),
      v: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
    }),
    fc.record({ t: fc.constant('verbatim' as const), v: text }),
    fc.record({
      t: fc.constant('array' as const),
      items: fc.array(tie('frame'), { maxLength: 4 }),
      streamed: fc.boolean(),
    }),
    fc.record({
      t: fc.constant('set' as const),
      items: fc.array(tie('frame'), { maxLength: 3 }),
      streamed: fc.boolean(),
    }),
    fc.record({
      t: fc.constant('map' as const),
      entries: fc.uniqueArray(fc.tuple(text, tie('frame')), { maxLength: 3, selector: ([k]) => k }),
      streamed: fc.boolean(),
    }),
  ),
})).frame;

/** Sorted, distinct offsets strictly inside a buffer of `length` bytes. */
export function cutsArbitrary(length: number): fc.Arbitrary<number[]> {
  if (length < 2) return fc.constant([]);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: Math.min(8, length - 1) })
    .map((cuts) => cuts.sort((a, b) => a - b));
}
