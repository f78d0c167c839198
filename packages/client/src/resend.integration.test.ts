/**
 * A read whose connection dies before its reply is written again after the reconnect; a write
 * is not (it may have run), unless the caller opted in. Two ways to drop the connection under a
 * burst: CLIENT KILL from another connection just before the burst (as an idle timeout or a
 * proxy restart would), and the client killing itself ahead of the burst in the same write, so
 * that every command of the burst is on the wire, unanswered, when the server closes.
 */
import { ConnectionError } from '@redwire/connection';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import type { RedisClient } from './client.js';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;
const BURST = 200;

/** Fulfilled values, and rejections split by whether the command may have run. */
async function outcomes<T>(calls: Promise<T>[]) {
  const settled = await Promise.allSettled(calls);
  const fulfilled = settled.filter((s) => s.status === 'fulfilled').length;
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const written = errors.filter((e) => e instanceof ConnectionError && e.written === true).length;
  return { fulfilled, written, other: errors.length - written, errors };
}

/** A client that is connected, with its server-side id. */
async function connected(redis: RedisClient): Promise<number> {
  return Number(await redis.clientId());
}

/** Sends CLIENT KILL for the client itself, in the same write as whatever is sent next. */
function killSelf(redis: RedisClient, id: number): Promise<unknown> {
  // SKIPME no: by default CLIENT KILL with filters spares the client that sends it.
  return redis.sendCommand(['CLIENT', 'KILL', 'ID', String(id), 'SKIPME', 'no']);
}

describe('reads survive a dropped connection', () => {
  it('fulfils a burst of GETs issued right after CLIENT KILL from another connection', async () => {
    await using redis = createClient({ host, port });
    await redis.set('resend:k', 'v');
    const id = await connected(redis);
    await getTestServers().standalone.command('CLIENT', 'KILL', 'ID', String(id));
    const result = await outcomes(Array.from({ length: BURST }, () => redis.get('resend:k')));
    expect(result.fulfilled).toBeGreaterThanOrEqual(BURST - 1);
    expect(await connected(redis)).not.toBe(id);
  });

  it('writes GETs again that were on the wire, unanswered, when the server closed', async () => {
    await using redis = createClient({ host, port });
    await redis.set('resend:k', 'v');
    const id = await connected(redis);
    const reconnects: number[] = [];
    redis.on('reconnecting', (event) => reconnects.push(event.attempt));
    const killed = killSelf(redis, id);
    const gets = Array.from({ length: BURST }, () => redis.get('resend:k'));
    expect(await killed).toBe(1);
    const result = await outcomes(gets);
    expect(result).toMatchObject({ fulfilled: BURST, written: 0, other: 0 });
    expect(reconnects).toEqual([1]);
    expect(await connected(redis)).not.toBe(id);
  });

  it('resends raw reads by the server’s readonly flag, subcommands included', async () => {
    await using redis = createClient({ host, port });
    await redis.set('resend:k', 'v');
    const killed = killSelf(redis, await connected(redis));
    const reads = [
      redis.sendCommand(['get', 'resend:k']),
      redis.sendCommand(['OBJECT', 'ENCODING', 'resend:k']),
      redis.sendCommand(['STRLEN', 'resend:k']),
    ];
    await killed;
    expect(await Promise.all(reads)).toEqual(['v', 'embstr', 1]);
  });

  it('does not resend a read when the view says retryOnReconnect: false', async () => {
    await using redis = createClient({ host, port });
    const strict = redis.withOptions({ retryOnReconnect: false });
    const killed = killSelf(redis, await connected(redis));
    const result = await outcomes([strict.get('resend:k'), strict.get('resend:k')]);
    await killed;
    expect(result).toMatchObject({ fulfilled: 0, written: 2, other: 0 });
  });
});

describe('isolated connections', () => {
  it('never resend, not even a read: WATCH does not survive the reconnect', async () => {
    await using redis = createClient({ host, port, retryLostWrites: true });
    const outcome = await redis
      .isolated(async (conn) => {
        await conn.watch('resend:watched');
        const id = await conn.clientId();
        // The kill and the read leave in one write: the read is on the wire when the server closes.
        const killed = conn.sendCommand(['CLIENT', 'KILL', 'ID', String(id), 'SKIPME', 'no']);
        const read = conn.get('resend:watched').catch((e: unknown) => e);
        await killed;
        return read;
      })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ConnectionError);
    expect((outcome as ConnectionError).written).toBe(true);
  });
});

describe('writes are not applied twice', () => {
  it('settles each INCR of a burst after CLIENT KILL once: fulfilled, or rejected as written', async () => {
    await using redis = createClient({ host, port });
    await redis.del('resend:counter');
    const id = await connected(redis);
    await getTestServers().standalone.command('CLIENT', 'KILL', 'ID', String(id));
    const result = await outcomes(
      Array.from({ length: BURST }, () => redis.incr('resend:counter')),
    );
    expect(result.other).toBe(0);
    expect(result.fulfilled + result.written).toBe(BURST);
    const counter = Number(await redis.get('resend:counter'));
    expect(counter).toBeGreaterThanOrEqual(result.fulfilled);
    expect(counter).toBeLessThanOrEqual(result.fulfilled + result.written);
  });

  it('rejects INCRs that were on the wire with written: true, and none of them ran twice', async () => {
    await using redis = createClient({ host, port });
    await redis.del('resend:counter');
    const killed = killSelf(redis, await connected(redis));
    const incrs = Array.from({ length: BURST }, () => redis.incr('resend:counter'));
    await killed;
    const result = await outcomes(incrs);
    expect(result).toMatchObject({ fulfilled: 0, written: BURST, other: 0 });
    expect((result.errors[0] as Error).message).toMatch(/lost/);
    // The server closed before reading past the kill: none of them ran.
    expect(await redis.get('resend:counter')).toBeNull();
  });

  it('writes them again with retryLostWrites: true, once each', async () => {
    await using redis = createClient({ host, port, retryLostWrites: true });
    await redis.del('resend:counter');
    const killed = killSelf(redis, await connected(redis));
    const incrs = Array.from({ length: BURST }, () => redis.incr('resend:counter'));
    await killed;
    const result = await outcomes(incrs);
    expect(result).toMatchObject({ fulfilled: BURST, written: 0, other: 0 });
    expect(Number(await redis.get('resend:counter'))).toBe(BURST);
  });

  it('never resends the commands of a MULTI, even with retryLostWrites', async () => {
    await using redis = createClient({ host, port, retryLostWrites: true });
    await redis.del('resend:counter');
    const killed = killSelf(redis, await connected(redis));
    const exec = redis.multi().incr('resend:counter').incr('resend:counter').exec();
    await killed;
    const error = await exec.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(await redis.get('resend:counter')).toBeNull();
  });
});
