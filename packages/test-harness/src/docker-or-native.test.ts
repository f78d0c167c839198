import { describe, expect, it } from 'vitest';
import { isLocalEngineHost } from './docker-engine.js';
import { dockerRequested, noEngineNotice } from './docker-or-native.js';

describe('choosing the Docker cluster', () => {
  it('is asked for by REDWIRE_TEST_DOCKER=1 only', () => {
    expect(dockerRequested({ REDWIRE_TEST_DOCKER: '1' })).toBe(true);
    expect(dockerRequested({ REDWIRE_TEST_DOCKER: '0' })).toBe(false);
    expect(dockerRequested({ REDWIRE_TEST_DOCKER: 'true' })).toBe(false);
    expect(dockerRequested({})).toBe(false);
  });

  it('says in one line, with testcontainers’ reason, that no engine answers and the native cluster runs', () => {
    const notice = noEngineNotice('Could not find a working container runtime strategy');
    expect(notice).not.toContain('\n');
    expect(notice).toContain('Could not find a working container runtime strategy');
    expect(notice).toMatch(/running the native cluster instead$/);
  });

  it('accepts an engine whose published ports are on this machine, not a remote one', () => {
    expect(isLocalEngineHost('localhost')).toBe(true);
    expect(isLocalEngineHost('127.0.0.1')).toBe(true);
    expect(isLocalEngineHost('10.0.0.5')).toBe(false);
    expect(isLocalEngineHost('docker.example')).toBe(false);
  });
});
