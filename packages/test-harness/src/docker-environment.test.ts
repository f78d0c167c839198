import * as testcontainers from 'testcontainers';
import { describe, expect, it } from 'vitest';
import { readComposeCluster } from './docker-compose-file.js';
import { dockerComposePlan } from './docker-compose-plan.js';
import { composeEnvironment } from './docker-environment.js';

/** A field testcontainers keeps to itself; read here to pin exactly what it was handed. */
function field(target: object, name: string): unknown {
  return Reflect.get(target, name);
}

/** A wait strategy as its class and, for a shell command or a composite, what it runs. */
function describeStrategy(strategy: unknown): unknown {
  const object = strategy as object;
  const name = object.constructor.name;
  if (name === 'CompositeWaitStrategy') {
    return { [name]: (field(object, 'waitStrategies') as unknown[]).map(describeStrategy) };
  }
  if (name === 'ShellWaitStrategy') return { [name]: field(object, 'command') };
  return name;
}

describe('composeEnvironment (testcontainers 11, constructed with no engine)', () => {
  const plan = dockerComposePlan(readComposeCluster(), {
    projectName: 'redwire-test-7',
    startupTimeoutMs: 90_000,
  });
  const environment = composeEnvironment(plan, testcontainers);

  it('is a DockerComposeEnvironment on docker/docker-compose.yml under the plan’s project', () => {
    expect(environment).toBeInstanceOf(testcontainers.DockerComposeEnvironment);
    expect(field(environment, 'composeFilePath')).toBe(plan.composeDir);
    expect(field(environment, 'composeFiles')).toBe('docker-compose.yml');
    expect(field(environment, 'projectName')).toBe('redwire-test-7');
    expect(field(environment, 'startupTimeoutMs')).toBe(90_000);
  });

  it("gives each node's container its health check and its cluster_state:ok command, nothing else", () => {
    const strategies = field(environment, 'waitStrategy') as Record<string, unknown>;
    expect(Object.keys(strategies)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `redis-${n}-1`));
    expect(describeStrategy(strategies['redis-2-1'])).toEqual({
      CompositeWaitStrategy: [
        'HealthCheckWaitStrategy',
        { ShellWaitStrategy: "redis-cli -p 7002 cluster info | grep -q '^cluster_state:ok'" },
      ],
    });
  });
});
