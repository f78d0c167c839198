import type { ReplyError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';
import { ExecError, WatchError } from './errors.js';

const { host, port } = getTestServers().standalone.address;

describe('pipeline()', () => {
  it('resolves every reply in order, in one round trip', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'batch:n']);
    const replies = await redis
      .pipeline()
      .sendCommand(['SET', 'batch:a', '1'])
      .sendCommand(['INCR', 'batch:n'])
      .sendCommand(['GET', 'batch:a'])
      .exec();
    expect(replies).toEqual(['OK', 1, '1']);
  });

  it('rejects exec() with an ExecError that carries every result; execSettled() never rejects', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['SET', 'batch:string', 'x']);
    const pipeline = () =>
      redis
        .pipeline()
        .sendCommand(['ECHO', 'ok'])
        .sendCommand(['LPUSH', 'batch:string', 'y'])
        .sendCommand(['ECHO', 'after']);
    const error = await pipeline()
      .exec()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecError);
    const results = (error as ExecError).results;
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'WRONGTYPE' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'after' });
    const settled = await pipeline().execSettled();
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('pipeline() reply transforms', () => {
  it('a transform that throws fails its own command only, and execSettled() still resolves', async () => {
    await using redis = createClient({ host, port });
    const broken = new Error('cannot read this reply');
    const settled = await redis
      .pipeline()
      .sendCommand(['ECHO', 'before'])
      .add({
        args: ['ECHO', 'odd'],
        spec: undefined,
        transform: () => {
          throw broken;
        },
      })
      .sendCommand(['ECHO', 'after'])
      .execSettled();
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'before' },
      { status: 'rejected', reason: broken },
      { status: 'fulfilled', value: 'after' },
    ]);
  });
});

describe('multi()', () => {
  it('runs MULTI ... EXEC atomically and resolves the replies', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'batch:counter']);
    expect(
      await redis
        .multi()
        .sendCommand(['SET', 'batch:counter', '1'])
        .sendCommand(['INCR', 'batch:counter'])
        .exec(),
    ).toEqual(['OK', 2]);
  });

  it('keeps MULTI ... EXEC contiguous while other commands share the connection', async () => {
    await using redis = createClient({ host, port });
    const [, replies] = await Promise.all([
      redis.sendCommand(['ECHO', 'before']),
      redis.multi().sendCommand(['ECHO', 'in']).exec(),
      redis.sendCommand(['ECHO', 'after']),
    ]);
    expect(replies).toEqual(['in']);
  });

  it('rejects with EXECABORT when a command is refused while queueing, and nothing runs', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'batch:aborted']);
    const error = await redis
      .multi()
      .sendCommand(['SET', 'batch:aborted', '1'])
      .sendCommand(['NOSUCHCOMMAND'])
      .exec()
      .catch((e: unknown) => e);
    expect((error as ReplyError).code).toBe('EXECABORT');
    expect(await redis.sendCommand(['GET', 'batch:aborted'])).toBeNull();
  });

  it('reports a run-time failure inside EXEC as an ExecError, the other commands having run', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['SET', 'batch:typed', 'x']);
    const error = await redis
      .multi()
      .sendCommand(['LPUSH', 'batch:typed', 'y'])
      .sendCommand(['SET', 'batch:ran', 'yes'])
      .exec()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecError);
    expect(await redis.sendCommand(['GET', 'batch:ran'])).toBe('yes');
  });
});

describe('transaction()', () => {
  it('ends exact under contention: 20 concurrent incrementers of one key', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['SET', 'batch:contended', '0']);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        redis.transaction(
          ['batch:contended'],
          async (tx) => {
            const n = Number(await tx.sendCommand(['GET', 'batch:contended']));
            return tx.multi().sendCommand(['SET', 'batch:contended', String(n + 1)]);
          },
          { maxAttempts: 100 },
        ),
      ),
    );
    expect(await redis.sendCommand(['GET', 'batch:contended'])).toBe('20');
  });

  it('rejects with WatchError once maxAttempts are used up', async () => {
    await using redis = createClient({ host, port });
    await using meddler = createClient({ host, port });
    const attempt = redis.transaction(
      ['batch:meddled'],
      async (tx) => {
        await meddler.sendCommand(['INCR', 'batch:meddled']);
        return tx.multi().sendCommand(['SET', 'batch:meddled', 'mine']);
      },
      { maxAttempts: 3 },
    );
    await expect(attempt).rejects.toBeInstanceOf(WatchError);
  });
});
