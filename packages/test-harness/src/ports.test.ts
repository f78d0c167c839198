import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocatePort, CLUSTER_BUS_OFFSET, canBind, harnessPortRange } from './ports.js';

describe('harnessPortRange', () => {
  it('keeps ports and bus ports below the ephemeral range and apart from each other', () => {
    const range = harnessPortRange({ min: 32_768, max: 60_999 });
    expect(range).toEqual({ min: 12_768, max: 22_767 });
    expect(range.max + CLUSTER_BUS_OFFSET).toBeLessThan(32_768);
    expect(range.min + CLUSTER_BUS_OFFSET).toBeGreaterThan(range.max);
  });

  it('falls back to a fixed range when the ephemeral range starts too low', () => {
    expect(harnessPortRange({ min: 1024, max: 65_535 })).toEqual({ min: 12_000, max: 21_999 });
  });
});

/** Listens on an OS-chosen loopback port until `close` is called. */
async function occupy(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('canBind', () => {
  it('tells a taken port from a free one', async () => {
    const taken = await occupy();
    expect(await canBind('127.0.0.1', taken.port)).toBe(false);
    await taken.close();
    expect(await canBind('127.0.0.1', taken.port)).toBe(true);
  });
});

describe('allocatePort', () => {
  it('skips ports another run has reserved and ports whose bus port is taken', async () => {
    const bus = await occupy();
    const bad = bus.port - CLUSTER_BUS_OFFSET;
    const reservedElsewhere = bad + 1;
    const candidates = [reservedElsewhere, bad, bad + 2];
    const reserved = new Set([reservedElsewhere]);
    const released: number[] = [];
    try {
      const port = await allocatePort({
        host: '127.0.0.1',
        withBusPort: true,
        range: { min: 0, max: 65_535 },
        random: () => (candidates.shift() ?? 0) / 65_536,
        reserve: (candidate) => {
          if (reserved.has(candidate)) return false;
          reserved.add(candidate);
          return true;
        },
        release: (candidate) => released.push(candidate),
      });
      expect(port).toBe(bad + 2);
      expect(released).toEqual([bad]);
    } finally {
      await bus.close();
    }
  });

  it('gives up with an error after the allowed attempts', async () => {
    await expect(
      allocatePort({
        host: '127.0.0.1',
        withBusPort: false,
        reserve: () => false,
        release: () => {},
        attempts: 3,
      }),
    ).rejects.toThrow(/after 3 tries/);
  });
});
