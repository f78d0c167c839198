import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { AbortError, TimeoutError } from './errors.js';

const { host, port } = getTestServers().standalone.address;

describe('cancellation with AbortSignal', () => {
  it('drops a command aborted before it is written, keeping the reason as cause', async () => {
    await using connection = new Connection({ host, port });
    await connection.connect();
    const controller = new AbortController();
    const aborted = connection.send(['INCR', 'cancellation:never'], { signal: controller.signal });
    controller.abort(new Error('user left'));
    const error = await aborted.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('user left'));
    // It never reached the server.
    expect(await connection.send(['GET', 'cancellation:never'])).toBeNull();
  });

  it('discards the reply of a command aborted after it was written; the next command gets its own', async () => {
    await using connection = new Connection({ host, port });
    const controller = new AbortController();
    const sleeping = connection.send(['DEBUG', 'SLEEP', '0.1'], { signal: controller.signal });
    const after = connection.send(['ECHO', 'aligned']);
    setTimeout(() => controller.abort(), 20);
    await expect(sleeping).rejects.toBeInstanceOf(AbortError);
    expect(await after).toBe('aligned');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await using connection = new Connection({ host, port });
    await expect(connection.send(['PING'], { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
  });

  it('gives every one of 10,000 commands exactly its own reply amid random aborts and timeouts', async () => {
    await using connection = new Connection({ host, port });
    // Connected first: 10,000 commands would overflow the offline queue (maxOfflineCommands).
    await connection.connect();
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes = await Promise.all(
      Array.from({ length: 10_000 }, async (_, i) => {
        const roll = random();
        const controller = new AbortController();
        if (roll < 0.2) setTimeout(() => controller.abort(), Math.floor(random() * 5));
        const timeout = roll > 0.9 ? 1 : 5_000;
        // Occasional short server-side sleeps make timeouts and aborts land after the write.
        const args = roll > 0.97 ? ['DEBUG', 'SLEEP', '0.002'] : ['ECHO', `reply-${i}`];
        try {
          const reply = await connection.send(args, { signal: controller.signal, timeout });
          return args[0] === 'ECHO'
            ? reply === `reply-${i}`
              ? 'own'
              : `wrong: ${String(reply)}`
            : 'own';
        } catch (error) {
          if (error instanceof AbortError) return 'aborted';
          if (error instanceof TimeoutError) return 'timed out';
          throw error;
        }
      }),
    );
    expect(outcomes.filter((o) => o.startsWith('wrong'))).toEqual([]);
    expect(outcomes.filter((o) => o === 'own').length).toBeGreaterThan(5_000);
    expect(outcomes.filter((o) => o !== 'own').length).toBeGreaterThan(0);
    // Still aligned afterwards.
    expect(await connection.send(['ECHO', 'final'])).toBe('final');
  });
});
