import { describe, expect, it } from 'vitest';
import { readComposeCluster } from './docker-compose-file.js';
import { clusterStateOkCommand, dockerComposePlan } from './docker-compose-plan.js';

describe('dockerComposePlan', () => {
  const plan = dockerComposePlan(readComposeCluster(), { projectName: 'redwire-test-1' });

  it('runs docker/docker-compose.yml from its folder under a project of the run', () => {
    expect(plan.composeDir).toMatch(/\/docker$/);
    expect(plan.composeFile).toBe('docker-compose.yml');
    expect(plan.projectName).toBe('redwire-test-1');
    expect(dockerComposePlan(readComposeCluster()).projectName).toBe(`redwire-test-${process.pid}`);
  });

  it("waits on every node's container: its health check and its cluster_state:ok", () => {
    expect(plan.waits).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => ({
        container: `redis-${n}-1`,
        healthCheck: true,
        commands: [`redis-cli -p ${7000 + n} cluster info | grep -q '^cluster_state:ok'`],
      })),
    );
  });

  it('hands the suite the nodes at the addresses they announce', () => {
    expect(plan.seeds).toBe(
      '127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003,127.0.0.1:7004,127.0.0.1:7005,127.0.0.1:7006',
    );
  });

  it('bounds each wait at two minutes unless told otherwise', () => {
    expect(plan.startupTimeoutMs).toBe(120_000);
    expect(
      dockerComposePlan(readComposeCluster(), { startupTimeoutMs: 5000 }).startupTimeoutMs,
    ).toBe(5000);
  });

  it('asks for cluster_state:ok at the start of a line, not for any line containing it', () => {
    expect(clusterStateOkCommand(7003)).toBe(
      "redis-cli -p 7003 cluster info | grep -q '^cluster_state:ok'",
    );
  });
});
