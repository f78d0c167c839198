import { type PushFrame, type RespValue, VerbatimString } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import {
  asStrings,
  confirmationsFor,
  createPubSubDecoder,
  PushConfirmations,
  pubSubFrameKind,
} from './subscriber-mode.js';

describe('pubSubFrameKind', () => {
  it('names messages and confirmations, as strings or Buffers', () => {
    expect(pubSubFrameKind(['message', 'ch', 'hi'])).toBe('message');
    expect(pubSubFrameKind(['pmessage', 'p*', 'ch', 'hi'])).toBe('pmessage');
    expect(pubSubFrameKind([Buffer.from('sunsubscribe'), Buffer.from('ch'), 0])).toBe(
      'sunsubscribe',
    );
  });

  it('leaves everything else alone: PONG in subscribe mode, replies, short arrays', () => {
    expect(pubSubFrameKind(['pong', ''])).toBeUndefined();
    expect(pubSubFrameKind(['invalidate', ['k']])).toBeUndefined();
    expect(pubSubFrameKind(['message'])).toBeUndefined();
    expect(pubSubFrameKind('message')).toBeUndefined();
    expect(pubSubFrameKind([1, 2, 3])).toBeUndefined();
  });
});

describe('confirmationsFor', () => {
  it('refuses other commands and commands without names', () => {
    expect(confirmationsFor(['GET', 'k'])).toBeInstanceOf(TypeError);
    expect(String(confirmationsFor(['UNSUBSCRIBE']))).toMatch(/at least one name/);
    expect(confirmationsFor(['psubscribe', 'a*'])).toBeInstanceOf(PushConfirmations);
  });

  it('takes one confirmation per name, in order, of its own kind only', () => {
    const awaited = confirmationsFor(['SUBSCRIBE', 'a', Buffer.from('b')]) as PushConfirmations;
    expect(awaited.accept(['message', 'a', 'x'])).toBe(false);
    expect(awaited.accept(['psubscribe', 'a', 1])).toBe(false);
    expect(awaited.accept(['subscribe', 'b', 1])).toBe(false); // 'a' comes first
    expect(awaited.accept(['subscribe', 'a', 1])).toBe(true);
    expect(awaited.done).toBe(false);
    expect(awaited.accept(['subscribe', Buffer.from('b'), 2])).toBe(true);
    expect(awaited.done).toBe(true);
    expect(awaited.accept(['subscribe', 'a', 2])).toBe(false);
    expect(awaited.frames).toHaveLength(2);
  });

  it('compares names by bytes, whatever form each side has', () => {
    const awaited = confirmationsFor(['SSUBSCRIBE', 'café', 7]) as PushConfirmations;
    expect(awaited.accept(['ssubscribe', Buffer.from('café'), 1])).toBe(true);
    expect(awaited.accept(['ssubscribe', '7', 2])).toBe(true);
  });
});

describe('createPubSubDecoder', () => {
  function decoderFor(protocol: 2 | 3, buffers: boolean, headWantsBuffers = false) {
    const replies: RespValue[] = [];
    const pushes: PushFrame[] = [];
    const decoder = createPubSubDecoder(
      {
        onReply: (reply) => replies.push(reply),
        onPush: (push) => pushes.push(push),
        returnBuffers: () => headWantsBuffers,
      },
      () => protocol,
      buffers,
    );
    return { decoder, replies, pushes };
  }
  const resp2Message = '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n';
  const resp2Pong = '*2\r\n$4\r\npong\r\n$0\r\n\r\n';

  it('routes RESP2 pub/sub arrays to onPush and the rest to onReply', () => {
    const { decoder, replies, pushes } = decoderFor(2, false);
    decoder.write(Buffer.from(`${resp2Message}${resp2Pong}+OK\r\n`));
    expect(pushes).toEqual([['message', 'ch', 'hi']]);
    expect(replies).toEqual([['pong', ''], 'OK']);
  });

  it('leaves RESP3 arrays to onReply: only push frames are pushes', () => {
    const { decoder, replies, pushes } = decoderFor(3, false);
    decoder.write(Buffer.from(`${resp2Message}>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nyo\r\n`));
    expect(replies).toEqual([['message', 'ch', 'hi']]);
    expect(pushes).toEqual([['message', 'ch', 'yo']]);
  });

  it('with buffers, reads RESP2 frames as Buffers and gives string-wanting commands strings', () => {
    const { decoder, replies, pushes } = decoderFor(2, true);
    decoder.write(Buffer.from(`${resp2Message}${resp2Pong}`));
    expect(pushes).toEqual([[Buffer.from('message'), Buffer.from('ch'), Buffer.from('hi')]]);
    expect(replies).toEqual([['pong', '']]);
  });

  it('with buffers, gives RESP3 push frames Buffers', () => {
    const { decoder, pushes } = decoderFor(3, true);
    decoder.write(Buffer.from('>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\n\xff\r\n', 'latin1'));
    expect(pushes).toEqual([[Buffer.from('message'), Buffer.from('ch'), Buffer.from([0xff])]]);
  });
});

describe('asStrings', () => {
  it('turns every Buffer inside a reply into a UTF-8 string', () => {
    const reply = new Map<RespValue, RespValue>([
      [Buffer.from('k'), [Buffer.from('a'), 1, null, new Set([Buffer.from('s')])]],
      ['v', new VerbatimString('txt', Buffer.from('text'))],
    ]);
    expect(asStrings(reply)).toEqual(
      new Map<RespValue, RespValue>([
        ['k', ['a', 1, null, new Set(['s'])]],
        ['v', new VerbatimString('txt', 'text')],
      ]),
    );
  });
});
