import { describe, expect, it } from 'vitest';
import { helloHandshake, resp2Handshake } from './handshake.js';
import { resolveConnectionOptions } from './options.js';
import { resolveTracking, trackingCommand } from './tracking.js';

describe('tracking option', () => {
  it('is off unless asked for', () => {
    expect(resolveConnectionOptions({}).tracking).toBeUndefined();
    expect(resolveConnectionOptions({ tracking: false }).tracking).toBeUndefined();
  });

  it('turns tracking on in the handshake, after HELLO, in the default mode', () => {
    const options = resolveConnectionOptions({ tracking: {} });
    expect(helloHandshake(options)).toEqual([
      ['HELLO', '3'],
      ['CLIENT', 'TRACKING', 'ON'],
    ]);
  });

  it('sends BCAST with each prefix in broadcast mode', () => {
    const tracking = resolveTracking({ mode: 'broadcast', prefixes: ['user:', 'item:'] }, 3);
    expect(trackingCommand(tracking!)).toEqual([
      'CLIENT',
      'TRACKING',
      'ON',
      'BCAST',
      'PREFIX',
      'user:',
      'PREFIX',
      'item:',
    ]);
  });

  it('asks a server without HELLO for tracking too, so that its refusal fails the handshake', () => {
    const options = resolveConnectionOptions({ tracking: {} });
    expect(resp2Handshake(options)).toContainEqual(['CLIENT', 'TRACKING', 'ON']);
  });

  it('refuses RESP2, where invalidations would need REDIRECT', () => {
    expect(() => resolveConnectionOptions({ protocol: 2, tracking: {} })).toThrow(
      /needs protocol 3 \(RESP3\)/,
    );
  });

  it('refuses bad modes and prefixes, naming them', () => {
    expect(() => resolveTracking({ mode: 'optin' }, 3)).toThrow(TypeError);
    expect(() => resolveTracking({ prefixes: ['a:'] }, 3)).toThrow(/needs mode: 'broadcast'/);
    expect(() => resolveTracking({ mode: 'broadcast', prefixes: [''] }, 3)).toThrow(
      /prefixes\[0\]/,
    );
    expect(() => resolveTracking({ mode: 'broadcast', prefixes: ['a', 'ab'] }, 3)).toThrow(
      /overlap/,
    );
    expect(() => resolveTracking('on', 3)).toThrow(/false or an object/);
  });

  it('refuses an unknown key inside tracking', () => {
    expect(() => resolveConnectionOptions({ tracking: { bcast: true } as never })).toThrow(
      /unknown option `tracking\.bcast`/,
    );
  });
});
