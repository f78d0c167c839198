import { ArgumentError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { refusedOnSharedConnection } from './shared-connection.js';

describe('refusedOnSharedConnection', () => {
  it.each([
    [['MULTI'], /^MULTI would change .*: use multi\(\)/],
    [['exec'], /^EXEC would change .*: use multi\(\)/],
    [['Discard'], /^DISCARD /],
    [['WATCH', 'k'], /use transaction\(keys, fn\), or send it inside isolated\(\)/],
    [['unwatch'], /^UNWATCH /],
    [['SUBSCRIBE', 'news'], /use subscriber\(\)/],
    [['psubscribe', 'n*'], /^PSUBSCRIBE /],
    [['SSUBSCRIBE', 'orders'], /^SSUBSCRIBE /],
    [['UNSUBSCRIBE'], /^UNSUBSCRIBE /],
    [['MONITOR'], /^MONITOR .*isolated\(\)/],
    [['RESET'], /^RESET /],
    [['HELLO', '2'], /protocol option/],
    [['select', 1], /db option, or duplicate\(\{ db \}\)/],
    [['QUIT'], /use close\(\)/],
    [['READONLY'], /readOnly option/],
    [['READWRITE'], /readOnly option/],
    [['CLIENT', 'REPLY', 'OFF'], /^CLIENT REPLY .*isolated\(\)/],
    [['client', 'setname', 'x'], /^CLIENT SETNAME .*name option/],
    [['CLIENT', 'TRACKING', 'ON'], /^CLIENT TRACKING /],
    [['CLIENT', 'caching', 'yes'], /^CLIENT CACHING /],
    [['CLIENT', 'NO-EVICT', 'on'], /^CLIENT NO-EVICT /],
    [['CLIENT', 'NO-TOUCH', 'on'], /^CLIENT NO-TOUCH /],
    [['CLIENT', 'SETINFO', 'LIB-NAME', 'x'], /^CLIENT SETINFO /],
    [[Buffer.from('multi')], /^MULTI /],
    [[Buffer.from('CLIENT'), Buffer.from('REPLY'), 'OFF'], /^CLIENT REPLY /],
  ])('refuses %o, saying what to use instead', (args, message) => {
    const refused = refusedOnSharedConnection(args);
    expect(refused).toBeInstanceOf(ArgumentError);
    expect(refused).toMatchObject({ code: 'REDWIRE_INVALID_ARGUMENT', position: 0 });
    expect(refused?.message).toMatch(message);
    expect(refused?.message).toContain('shares among all its callers');
  });

  it.each([
    [['GET', 'k']],
    [['get', 'k']],
    [['SET', 'multi', 'watch']],
    [['AUTH', 'user', 'rotated-secret']],
    [['ASKING']],
    [['HELLO']],
    [['CLIENT', 'ID']],
    [['client', 'getname']],
    [['CLIENT', 'UNBLOCK', 7]],
    [['CLIENT']],
    [['EVAL', 'return 1', '0']],
    [[Buffer.from('MULTI-THREADED-NAME')]],
    [[42]],
    [[]],
  ])('lets %o through', (args) => {
    expect(refusedOnSharedConnection(args)).toBeUndefined();
  });
});
