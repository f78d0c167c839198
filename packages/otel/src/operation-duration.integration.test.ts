/**
 * `db.client.operation.duration` on the real standalone server: one measurement per command and
 * per batch with the database conventions' attributes, `error.type` on a failure, and nothing
 * recorded once the instrumentation is stopped.
 */
import { createClient } from '@redwire/client';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { instrumentRedwire } from './instrument-redwire.js';
import { instrumentedMeter, testMeter } from './test-helpers/test-meter.js';

const { host, port } = getTestServers().standalone.address;
const meter = instrumentedMeter();
const DURATION = 'db.client.operation.duration';

describe('db.client.operation.duration', () => {
  it('records each command with the system, its name, the server and the database', async () => {
    await using redis = createClient({ host, port, db: 4 });
    await redis.set('otel:k', 'v');
    await redis.get('otel:k');
    await redis.get('otel:k');
    const server = { 'server.address': host, 'server.port': port, 'db.namespace': '4' };
    const gets = await meter.points(DURATION);
    const get = gets.find((p) => p.attributes['db.operation.name'] === 'GET');
    expect(get?.attributes).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      ...server,
    });
    expect(get?.value).toMatchObject({ count: 2 });
    const sum = (get?.value as { sum?: number } | undefined)?.sum;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(10);
    expect(await meter.count(DURATION, { 'db.operation.name': 'SET', ...server })).toBe(1);
  });

  it("adds error.type, the server's error code, to a failed command", async () => {
    await using redis = createClient({ host, port, db: 5 });
    await redis.set('otel:string', 'v');
    await expect(redis.lpush('otel:string', 'x')).rejects.toMatchObject({ code: 'WRONGTYPE' });
    await expect(redis.sendCommand(['NOSUCHCOMMAND'])).rejects.toMatchObject({ code: 'ERR' });
    const failed = { 'db.namespace': '5', 'error.type': 'WRONGTYPE' };
    expect(await meter.count(DURATION, { ...failed, 'db.operation.name': 'LPUSH' })).toBe(1);
    expect(
      await meter.count(DURATION, {
        'db.namespace': '5',
        'db.operation.name': 'NOSUCHCOMMAND',
        'error.type': 'ERR',
      }),
    ).toBe(1);
    const succeeded = (await meter.points(DURATION)).filter(
      (p) => p.attributes['db.operation.name'] === 'SET' && p.attributes['db.namespace'] === '5',
    );
    expect(succeeded.map((p) => p.attributes['error.type'])).toEqual([undefined]);
  });

  it('records a pipeline and a multi() as one operation each, named by kind, with their size', async () => {
    await using redis = createClient({ host, port, db: 6 });
    await redis.pipeline().set('otel:a', '1').incr('otel:n').get('otel:a').exec();
    await redis.multi().incr('otel:n').incr('otel:n').exec();
    const at = { 'db.namespace': '6' };
    expect(
      await meter.count(DURATION, {
        ...at,
        'db.operation.name': 'PIPELINE',
        'db.operation.batch.size': 3,
      }),
    ).toBe(1);
    expect(
      await meter.count(DURATION, {
        ...at,
        'db.operation.name': 'MULTI',
        'db.operation.batch.size': 2,
      }),
    ).toBe(1);
    // The commands of a batch are measured as the batch, not one by one.
    expect(await meter.count(DURATION, { ...at, 'db.operation.name': 'INCR' })).toBe(0);
  });

  it('records nothing more once stopped', async () => {
    const second = testMeter();
    const stopped = instrumentRedwire({ meter: second.meterProvider.getMeter('x') });
    await using redis = createClient({ host, port, db: 7 });
    await redis.get('otel:k');
    expect(await second.count(DURATION, { 'db.namespace': '7' })).toBe(1);
    stopped.stop();
    stopped.stop();
    await redis.get('otel:k');
    await redis.get('otel:k');
    expect(await second.count(DURATION, { 'db.namespace': '7' })).toBe(1);
    // The instrumentation still running records both.
    expect(await meter.count(DURATION, { 'db.namespace': '7' })).toBe(3);
    await second.shutdown();
  });
});
