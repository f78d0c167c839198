import { describe, expect, it } from 'vitest';
import { commandSpecs } from './commands/generated/index.js';
import { specOf } from './spec-lookup.js';

describe('specOf', () => {
  it.each([
    [['GET', 'k'], 'GET'],
    [['get', 'k'], 'GET'],
    [['object', 'encoding', 'k'], 'OBJECT ENCODING'],
    [['CONFIG', 'SET', 'maxmemory', '1'], 'CONFIG SET'],
    [['OBJECT'], 'OBJECT'],
  ])('finds the spec of %j by name and, for containers, subcommand', (args, name) => {
    expect(specOf(args)).toBe(commandSpecs[name]);
  });

  it('knows nothing of a module command or a name given as bytes', () => {
    expect(specOf(['JSON.GET', 'k'])).toBeUndefined();
    expect(specOf([Buffer.from('GET'), 'k'])).toBeUndefined();
  });
});
