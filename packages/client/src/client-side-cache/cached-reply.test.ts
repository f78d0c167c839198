import { describe, expect, it } from 'vitest';
import { CachedReply } from './cached-reply.js';

const upper = (reply: unknown) => String(reply).toUpperCase();

describe('CachedReply', () => {
  it('hands every hit of an immutable reply one promise, per transform', async () => {
    const reply = new CachedReply('value');
    const first = reply.answer(upper);
    expect(reply.answer(upper)).toBe(first);
    await expect(first).resolves.toBe('VALUE');
    const raw = reply.answer(undefined);
    expect(raw).not.toBe(first);
    await expect(raw).resolves.toBe('value');
    expect(reply.answer(undefined)).toBe(raw);
    expect(await new CachedReply(null).answer(undefined)).toBeNull();
  });

  it('gives each hit of a Buffer or an array its own copy, in its own promise', async () => {
    const bytes = new CachedReply(Buffer.from('abc'));
    const first = await bytes.answer(undefined);
    (first as Buffer).write('x');
    expect(bytes.answer(undefined)).not.toBe(bytes.answer(undefined));
    expect(await bytes.answer(undefined)).toEqual(Buffer.from('abc'));
    const list = new CachedReply(['b', 'a']);
    ((await list.answer(undefined)) as string[]).sort();
    expect(await list.answer(undefined)).toEqual(['b', 'a']);
  });

  it('does not share what a transform made mutable from an immutable reply', async () => {
    const reply = new CachedReply('a,b');
    const split = (value: unknown) => String(value).split(',');
    const first = await reply.answer(split);
    first.push('c');
    expect(await reply.answer(split)).toEqual(['a', 'b']);
  });

  it('rejects every hit whose transform throws, and keeps no rejected promise', async () => {
    const reply = new CachedReply('value');
    const failing = () => {
      throw new TypeError('not a number');
    };
    await expect(reply.answer(failing)).rejects.toThrow('not a number');
    await expect(reply.answer(failing)).rejects.toThrow('not a number');
    await expect(reply.answer(upper)).resolves.toBe('VALUE');
  });
});
