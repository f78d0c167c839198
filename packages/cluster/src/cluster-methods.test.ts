import {
  CLIENT_EXCLUDED,
  CONNECTION_STATE_COMMANDS,
  commandBuilders,
  RedisClient,
} from '@redwire/client';
import { describe, expect, it } from 'vitest';
import { RedisCluster } from './cluster.js';

const names = Object.keys(commandBuilders);

function methodsOf(prototype: object): string[] {
  return names.filter((n) => typeof (prototype as Record<string, unknown>)[n] === 'function');
}

describe('cluster command methods', () => {
  it('are the standalone client’s, so code moves between the two unchanged', () => {
    expect(methodsOf(RedisCluster.prototype)).toEqual(methodsOf(RedisClient.prototype));
  });

  it('leave out the commands that set connection state (WATCH, ASKING, READONLY, ...)', () => {
    const missing = names.filter((n) => !methodsOf(RedisCluster.prototype).includes(n));
    expect(missing.sort()).toEqual(
      [...CLIENT_EXCLUDED.filter((n) => n !== 'multi'), ...CONNECTION_STATE_COMMANDS].sort(),
    );
  });
});
