import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from './address.js';

describe('addresses', () => {
  it('round-trip IPv4 and bracketed IPv6', () => {
    expect(parseAddress('127.0.0.1:7001')).toEqual({ host: '127.0.0.1', port: 7001 });
    expect(parseAddress('[::1]:7001')).toEqual({ host: '::1', port: 7001 });
    expect(formatAddress({ host: '::1', port: 7001 })).toBe('[::1]:7001');
  });

  it('reject text without a valid port', () => {
    expect(() => parseAddress('localhost')).toThrow(TypeError);
    expect(() => parseAddress('localhost:0')).toThrow(TypeError);
    expect(() => parseAddress('localhost:70000')).toThrow(TypeError);
  });
});
