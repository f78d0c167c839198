import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  isIdentityAlive,
  isRedisServer,
  parseProcStat,
  processIdentity,
  processState,
  servesPort,
  stateFromLetter,
} from './process-state.js';

describe('parseProcStat', () => {
  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    const fields = Array.from({ length: 50 }, (_, index) => String(index + 3));
    const stat = `1234 (redis ) (x) T ${fields.slice(1).join(' ')}`;
    expect(parseProcStat(stat)).toEqual({ state: 'T', startTime: '22' });
  });

  it('returns null for text without a command name', () => {
    expect(parseProcStat('garbage')).toBeNull();
  });
});

describe('stateFromLetter', () => {
  it('maps kernel states', () => {
    expect(stateFromLetter('S')).toBe('running');
    expect(stateFromLetter('R')).toBe('running');
    expect(stateFromLetter('T')).toBe('stopped');
    expect(stateFromLetter('Z')).toBe('zombie');
  });
});

describe('process identity', () => {
  it('sees this process as running and alive', () => {
    expect(processState(process.pid)).toBe('running');
    expect(isIdentityAlive(processIdentity(process.pid))).toBe(true);
  });

  it('sees a process that exited as dead, and a reused PID as another process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {
      stdio: 'ignore',
    });
    const identity = processIdentity(child.pid!);
    expect(isIdentityAlive(identity)).toBe(true);
    expect(isIdentityAlive({ pid: identity.pid, startTime: '1' })).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isIdentityAlive(identity)).toBe(false);
  });

  it('does not take another program for a redis-server', () => {
    expect(isRedisServer(process.pid, 6379)).toBe(false);
  });
});

describe('servesPort', () => {
  it('recognises a redis-server by its title or by its port arguments', () => {
    expect(servesPort('redis-server 127.0.0.1:15000', 15000)).toBe(true);
    expect(servesPort('redis-server 127.0.0.1:15000 [cluster]', 15000)).toBe(true);
    expect(servesPort('redis-server --port 15000 --bind 127.0.0.1', 15000)).toBe(true);
    // A TLS-only server before it retitles itself.
    expect(servesPort('redis-server --port 0 --tls-port 15000 --bind x', 15000)).toBe(true);
  });

  it('refuses another port, a longer port number and other programs', () => {
    expect(servesPort('redis-server 127.0.0.1:15000', 1500)).toBe(false);
    expect(servesPort('redis-server 127.0.0.1:150001', 15000)).toBe(false);
    expect(servesPort('node server.js --port 15000', 15000)).toBe(false);
  });
});
