import { describe, expect, it } from 'vitest';
import { applyAddressMap, nodeKey, parseAddress, parseRedirection, shuffle } from './address.js';

describe('nodeKey', () => {
  it('writes host:port, with IPv6 hosts in brackets', () => {
    expect(nodeKey({ host: '127.0.0.1', port: 7000 })).toBe('127.0.0.1:7000');
    expect(nodeKey({ host: 'redis-1.internal', port: 6380 })).toBe('redis-1.internal:6380');
    expect(nodeKey({ host: '::1', port: 7000 })).toBe('[::1]:7000');
    expect(nodeKey({ host: 'fe80::1:2', port: 7000 })).toBe('[fe80::1:2]:7000');
  });
});

describe('parseAddress', () => {
  it('reads IPv4, hostnames and bracketed IPv6', () => {
    expect(parseAddress('127.0.0.1:6381')).toEqual({ host: '127.0.0.1', port: 6381 });
    expect(parseAddress('redis-3.internal:6381')).toEqual({ host: 'redis-3.internal', port: 6381 });
    expect(parseAddress('[::1]:6381')).toEqual({ host: '::1', port: 6381 });
  });

  it('reads bare IPv6 as Redis writes it in MOVED ("%s:%d"): the port follows the last colon', () => {
    expect(parseAddress('::1:6381')).toEqual({ host: '::1', port: 6381 });
    expect(parseAddress('2001:db8::7:7000')).toEqual({ host: '2001:db8::7', port: 7000 });
  });

  it('reads back what nodeKey writes', () => {
    for (const address of [
      { host: '10.1.2.3', port: 1 },
      { host: '::ffff:10.0.0.1', port: 65535 },
    ]) {
      expect(parseAddress(nodeKey(address))).toEqual(address);
    }
  });

  it('takes sameHost for an empty host, and nothing for `?`', () => {
    expect(parseAddress(':6381', '10.0.0.5')).toEqual({ host: '10.0.0.5', port: 6381 });
    expect(parseAddress('[]:6381', '10.0.0.5')).toEqual({ host: '10.0.0.5', port: 6381 });
    expect(parseAddress(':6381')).toBeUndefined();
    expect(parseAddress('?:6381', '10.0.0.5')).toBeUndefined();
  });

  it('refuses text that is not an address', () => {
    for (const text of [
      '',
      '6381',
      'host',
      'host:',
      'host:0',
      'host:65536',
      'host:12a',
      '[::1]6381',
      '[::1:6381',
    ]) {
      expect(parseAddress(text), text).toBeUndefined();
    }
  });
});

describe('parseRedirection', () => {
  it('reads MOVED and ASK', () => {
    expect(parseRedirection('MOVED 3999 127.0.0.1:6381')).toEqual({
      kind: 'MOVED',
      slot: 3999,
      address: { host: '127.0.0.1', port: 6381 },
    });
    expect(parseRedirection('ASK 0 ::1:7002')).toEqual({
      kind: 'ASK',
      slot: 0,
      address: { host: '::1', port: 7002 },
    });
    expect(parseRedirection('MOVED 16383 [::1]:7002')?.slot).toBe(16383);
  });

  it('takes the replying node host for `MOVED 3999 :6381` (unknown-endpoint)', () => {
    expect(parseRedirection('MOVED 3999 :6381', '10.0.0.5')?.address).toEqual({
      host: '10.0.0.5',
      port: 6381,
    });
    expect(parseRedirection('MOVED 3999 :6381')).toBeUndefined();
  });

  it('maps the address through nodeAddressMap when given one', () => {
    const map = { '172.17.0.2:6379': { host: 'localhost', port: 7000 } };
    expect(parseRedirection('MOVED 1 172.17.0.2:6379', undefined, map)?.address).toEqual({
      host: 'localhost',
      port: 7000,
    });
  });

  it('returns undefined for other errors, bad slots, and unknown hosts', () => {
    for (const message of [
      'ERR unknown command',
      'MOVED',
      'MOVED 3999',
      'MOVED abc 127.0.0.1:6381',
      'MOVED 16384 127.0.0.1:6381',
      'MOVED -1 127.0.0.1:6381',
      'MOVED 3999 ?:6381',
      'MOVED 3999 127.0.0.1:6381 extra',
      'TRYAGAIN Multiple keys request during rehashing of slot',
    ]) {
      expect(parseRedirection(message, '10.0.0.5'), message).toBeUndefined();
    }
  });
});

describe('applyAddressMap', () => {
  const announced = { host: '172.17.0.2', port: 6379 };

  it('looks a record up by host:port and leaves unmapped addresses alone', () => {
    const map = { '172.17.0.2:6379': { host: 'localhost', port: 7000 } };
    expect(applyAddressMap(map, announced)).toEqual({ host: 'localhost', port: 7000 });
    expect(applyAddressMap(map, { host: '172.17.0.3', port: 6379 })).toEqual({
      host: '172.17.0.3',
      port: 6379,
    });
    expect(applyAddressMap(undefined, announced)).toBe(announced);
  });

  it('keys IPv6 entries as nodeKey writes them, and ignores inherited properties', () => {
    const map = { '[::1]:6379': { host: 'localhost', port: 7000 } };
    expect(applyAddressMap(map, { host: '::1', port: 6379 })).toEqual({
      host: 'localhost',
      port: 7000,
    });
    expect(applyAddressMap({}, { host: 'constructor', port: 1 })).toEqual({
      host: 'constructor',
      port: 1,
    });
  });

  it('calls a function, and keeps the announced address when it returns undefined', () => {
    const map = (a: { host: string; port: number }) =>
      a.port === 6379 ? { host: 'gateway', port: a.port + 1000 } : undefined;
    expect(applyAddressMap(map, announced)).toEqual({ host: 'gateway', port: 7379 });
    expect(applyAddressMap(map, { host: 'x', port: 1 })).toEqual({ host: 'x', port: 1 });
  });
});

describe('shuffle', () => {
  it('returns a permutation and leaves its input alone', () => {
    const items = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8]);
    const shuffled = shuffle(items);
    expect(shuffled).not.toBe(items);
    expect([...shuffled].sort()).toEqual([...items]);
  });

  it('puts every item first about equally often', () => {
    const firsts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const first = shuffle(['a', 'b', 'c'])[0] as string;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const count of firsts.values()) expect(count).toBeGreaterThan(1700);
    expect(firsts.size).toBe(3);
  });

  it('follows the random source it is given', () => {
    expect(shuffle([1, 2, 3], () => 0)).toEqual([2, 3, 1]);
    expect(shuffle([1, 2, 3], () => 0.999)).toEqual([1, 2, 3]);
    expect(shuffle([])).toEqual([]);
  });
});
