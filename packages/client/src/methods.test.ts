import { describe, expect, it } from 'vitest';
import { RedisClient } from './client.js';
import { commandBuilders } from './commands/generated/index.js';
import { BATCH_EXCLUDED, CLIENT_EXCLUDED, CONNECTION_STATE_COMMANDS } from './methods.js';
import { Multi } from './multi.js';
import { Pipeline } from './pipeline.js';

const names = Object.keys(commandBuilders);

describe('typed command methods', () => {
  it('puts every generated command on the client, except the documented exclusions', () => {
    const missing = names.filter(
      (n) => typeof (RedisClient.prototype as unknown as Record<string, unknown>)[n] !== 'function',
    );
    // multi() is the client's own: the transaction builder, not a raw MULTI. The commands that
    // set connection state are only on the client `isolated` lends.
    expect(missing.sort()).toEqual(
      [...CLIENT_EXCLUDED.filter((n) => n !== 'multi'), ...CONNECTION_STATE_COMMANDS].sort(),
    );
  });

  it('puts every generated command on pipelines and transactions, except their own framing', () => {
    for (const prototype of [Pipeline.prototype, Multi.prototype]) {
      const missing = names.filter(
        (n) => typeof (prototype as unknown as Record<string, unknown>)[n] !== 'function',
      );
      expect(missing.sort()).toEqual([...BATCH_EXCLUDED].filter((n) => n !== 'exec').sort());
    }
  });

  it('names each method after its command', () => {
    expect(RedisClient.prototype.hgetall.name).toBe('hgetall');
    expect(RedisClient.prototype.configGet.name).toBe('configGet');
  });
});
