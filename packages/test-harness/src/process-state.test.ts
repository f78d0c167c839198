import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  isIdentityAlive,
  isRedisServer,
  parseProcStat,
  processIdentity,
  processState,
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
