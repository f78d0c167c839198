import { ReplyError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import type { RedisClient } from './client.js';
import { createClient } from './create-client.js';
import { defineScript } from './script.js';

const { host, port } = getTestServers().standalone.address;

const incrBy = defineScript("return redis.call('INCRBY', KEYS[1], ARGV[1])", {
  numberOfKeys: 1,
  name: 'incrBy',
});

/** How many times the server ran each command so far (INFO commandstats `calls=`). */
async function calls<const N extends readonly string[]>(
  redis: RedisClient,
  ...names: N
): Promise<{ [I in keyof N]: number }> {
  const info = String(await redis.sendCommand(['INFO', 'commandstats']));
  return names.map((name) => {
    const match = new RegExp(`^cmdstat_${name}:calls=(\\d+)`, 'm').exec(info);
    return match === null ? 0 : Number(match[1]);
  }) as { [I in keyof N]: number };
}

describe.each([2, 3] as const)('scripts over RESP%i', (protocol) => {
  it('falls back to EVAL after SCRIPT FLUSH, then runs by EVALSHA alone', async () => {
    await using redis = createClient({ host, port, protocol });
    const key = `script:p${protocol}:counter`;
    await redis.sendCommand(['DEL', key]);
    await redis.sendCommand(['SCRIPT', 'FLUSH']);
    const [sha0, eval0] = await calls(redis, 'evalsha', 'eval');
    expect(await incrBy.run(redis, { keys: [key], args: [2] })).toBe(2);
    const [sha1, eval1] = await calls(redis, 'evalsha', 'eval');
    expect([sha1 - sha0, eval1 - eval0]).toEqual([1, 1]);
    expect(await incrBy.run(redis, { keys: [key], args: [3] })).toBe(5);
    expect(await incrBy.run(redis, { keys: [key], args: [4] })).toBe(9);
    const [sha2, eval2] = await calls(redis, 'evalsha', 'eval');
    expect([sha2 - sha1, eval2 - eval1]).toEqual([2, 0]);
    expect(await redis.sendCommand(['SCRIPT', 'EXISTS', incrBy.sha1])).toEqual([1]);
  });
});

describe('scripts', () => {
  it('runs in a pipeline and in multi() by EVAL, which caches the script for run()', async () => {
    await using redis = createClient({ host, port });
    const key = 'script:batch:counter';
    await redis.sendCommand(['DEL', key]);
    await redis.sendCommand(['SCRIPT', 'FLUSH']);
    const piped = await incrBy
      .add(redis.pipeline().sendCommand(['ECHO', 'before']), { keys: [key], args: [1] })
      .sendCommand(['GET', key])
      .exec();
    expect(piped).toEqual(['before', 1, '1']);
    const atomic = await incrBy
      .add(redis.multi(), { keys: [key], args: [10] })
      .sendCommand(['GET', key])
      .exec();
    expect(atomic).toEqual([11, '11']);
    const [eval0] = await calls(redis, 'eval');
    expect(await incrBy.run(redis, { keys: [key], args: [1] })).toBe(12);
    const [eval1] = await calls(redis, 'eval');
    expect(eval1 - eval0).toBe(0);
  });

  it('runs a read-only script with EVALSHA_RO / EVAL_RO, which refuse to write', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['SET', 'script:ro', 'value']);
    const get = defineScript("return redis.call('GET', KEYS[1])", {
      numberOfKeys: 1,
      readOnly: true,
    });
    const [ro0, evalRo0] = await calls(redis, 'evalsha_ro', 'eval_ro');
    expect(await get.run(redis, { keys: ['script:ro'] })).toBe('value');
    expect(await get.run(redis, { keys: ['script:ro'] })).toBe('value');
    const [ro1, evalRo1] = await calls(redis, 'evalsha_ro', 'eval_ro');
    expect(ro1 - ro0).toBe(2);
    expect(evalRo1 - evalRo0).toBeLessThanOrEqual(1);
    const write = defineScript("return redis.call('SET', KEYS[1], 'x')", {
      numberOfKeys: 1,
      readOnly: true,
    });
    await expect(write.run(redis, { keys: ['script:ro'] })).rejects.toBeInstanceOf(ReplyError);
    expect(await redis.sendCommand(['GET', 'script:ro'])).toBe('value');
  });

  it('passes Buffers in and out on a withBuffers() view', async () => {
    await using redis = createClient({ host, port });
    const echo = defineScript('return ARGV[1]', { numberOfKeys: 0 });
    const bytes = Buffer.from([0xff, 0x00, 0x7f]);
    expect(await echo.run(redis.withBuffers(), { args: [bytes] })).toEqual(bytes);
  });

  it('rejects a wrong number of keys with a TypeError before anything is written', async () => {
    await using redis = createClient({ host, port });
    await expect(incrBy.run(redis, { keys: ['a', 'b'] })).rejects.toBeInstanceOf(TypeError);
    expect(() => incrBy.add(redis.pipeline(), {})).toThrow(TypeError);
    expect(redis.status).toBe('idle');
  });

  it('reaches FUNCTION LOAD and FCALL through the generated methods', async () => {
    await using redis = createClient({ host, port });
    const library = [
      '#!lua name=redwire_script_test',
      "redis.register_function('rw_double', function(keys, args) return redis.call('INCRBY', keys[1], args[1] * 2) end)",
    ].join('\n');
    expect(await redis.functionLoad(library, { replace: true })).toBe('redwire_script_test');
    await redis.sendCommand(['DEL', 'script:fcall']);
    expect(await redis.fcall('rw_double', { keys: ['script:fcall'], args: [21] })).toBe(42);
    await redis.sendCommand(['FUNCTION', 'DELETE', 'redwire_script_test']);
  });
});
