import { describe, expect, it } from 'vitest';
import { UnknownOptionError } from './errors.js';
import { checkOptionKeys, closestKey, optionKeys } from './option-keys.js';

interface Sample {
  host?: string;
  port?: number;
  maxDelay?: number;
}
const KEYS = optionKeys<Sample>({ host: true, port: true, maxDelay: true });

function refusal(options: object, path = ''): UnknownOptionError {
  try {
    checkOptionKeys(options, KEYS, 'createThing()', path);
  } catch (error) {
    return error as UnknownOptionError;
  }
  throw new Error('expected a refusal');
}

describe('checkOptionKeys', () => {
  it('accepts known keys, undefined values included', () => {
    expect(() => checkOptionKeys({ host: 'h', port: undefined }, KEYS, 'f()')).not.toThrow();
  });

  it('refuses an unknown key with a coded TypeError naming the key, the function and the near key', () => {
    const error = refusal({ hots: 'x' });
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toMatchObject({
      code: 'REDWIRE_UNKNOWN_OPTION',
      option: 'hots',
      where: 'createThing()',
      suggestion: 'host',
    });
    expect(error.message).toBe('createThing(): unknown option `hots` (did you mean `host`?)');
  });

  it('refuses a key set to undefined too: a misspelt key is a mistake whatever its value', () => {
    expect(refusal({ prot: undefined }).option).toBe('prot');
  });

  it('names the path of a nested key and suggests within it', () => {
    const error = refusal({ maxDelya: 5 }, 'reconnect.');
    expect(error.option).toBe('reconnect.maxDelya');
    expect(error.suggestion).toBe('reconnect.maxDelay');
    expect(error.message).toContain('did you mean `reconnect.maxDelay`?');
  });

  it("answers another client's spelling with redwire's", () => {
    const error = refusal({ socket: { host: 'h', port: 1 } });
    expect(error.option).toBe('socket');
    expect(error.message).toContain('top level: host, port, path, tls');
  });

  it('suggests nothing when no key is near', () => {
    const error = refusal({ bogus: 1 });
    expect(error.suggestion).toBeUndefined();
    expect(error.message).toBe('createThing(): unknown option `bogus`');
  });

  it('reads own keys only: inherited ones are not options', () => {
    const options = Object.create({ inherited: true }) as object;
    expect(() => checkOptionKeys(options, KEYS, 'f()')).not.toThrow();
  });
});

describe('closestKey', () => {
  it.each([
    ['hots', 'host'],
    ['HOST', 'host'],
    ['prot', 'port'],
    ['maxdelay', 'maxDelay'],
    ['maxDely', 'maxDelay'],
    ['x', undefined],
    ['hostname', undefined],
    ['commandTimeoutt', undefined],
  ])('%s → %s', (key, expected) => {
    expect(closestKey(key, ['host', 'port', 'maxDelay'])).toBe(expected);
  });
});
