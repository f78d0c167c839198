import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkComposeCluster } from './docker-compose-check.js';
import {
  DEFAULT_COMPOSE_FILE,
  parseComposeText,
  readComposeCluster,
} from './docker-compose-file.js';
import { HarnessStateError } from './errors.js';

const composeText = readFileSync(DEFAULT_COMPOSE_FILE, 'utf8');
const confText = readFileSync(join(dirname(DEFAULT_COMPOSE_FILE), 'redis-node.conf'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'redwire-compose-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The problems of the repository's compose file with one textual change (and its config). */
function problemsAfter(edit: (text: string) => string, conf = confText): readonly string[] {
  const dir = mkdtempSync(join(scratch, 'case-'));
  writeFileSync(join(dir, 'redis-node.conf'), conf);
  const edited = edit(composeText);
  expect(edited).not.toBe(composeText);
  return checkComposeCluster(parseComposeText(edited), dir).problems;
}

describe('docker/docker-compose.yml', () => {
  it('describes six nodes on 127.0.0.1:7001-7006 and one create service, with no problem', () => {
    const cluster = readComposeCluster();
    expect(cluster.host).toBe('127.0.0.1');
    expect(cluster.nodes).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => ({ service: `redis-${n}`, port: 7000 + n })),
    );
    expect(cluster.createService).toBe('cluster-create');
  });

  it('pins the Redis image of every service to the one the native suite runs', () => {
    const images = Object.values(parseComposeText(composeText).services ?? {}).map(
      (service) => service.image,
    );
    expect(new Set(images)).toEqual(new Set(['redis:7.0.15']));
  });
});

describe('the structural check of the compose file', () => {
  it('finds a node without a health check', () => {
    const problems = problemsAfter((text) =>
      text.replace(
        '  redis-3:\n    <<: *node\n',
        '  redis-3:\n    <<: *node\n    healthcheck: {}\n',
      ),
    );
    expect(problems).toEqual(['redis-3 has no health check']);
  });

  it('finds a node whose PORT, which its health check pings, is not its port', () => {
    const problems = problemsAfter((text) => text.replace('PORT: "7004"', 'PORT: "7001"'));
    expect(problems).toEqual(["redis-4's PORT (used by its health check) is not its --port 7004"]);
  });

  it('finds a port left out of the published range', () => {
    const problems = problemsAfter((text) =>
      text.replace('7001-7006:7001-7006', '7001-7005:7001-7005'),
    );
    expect(problems).toEqual(["redis-6's port 7006 is not published 1:1 on the host"]);
  });

  it('finds ports published under other numbers, which announced addresses would not reach', () => {
    const problems = problemsAfter((text) =>
      text.replace('7001-7006:7001-7006', '8001-8006:7001-7006'),
    );
    expect(problems).toHaveLength(6);
  });

  it('finds a node outside the shared network namespace', () => {
    const problems = problemsAfter((text) =>
      text.replace(
        '"7005"]\n    environment: { PORT: "7005" }\n    network_mode: service:redis-1',
        '"7005"]\n    environment: { PORT: "7005" }',
      ),
    );
    expect(problems).toEqual(["redis-5 does not share redis-1's network namespace"]);
  });

  it('finds nodes announcing an address other than the one their ports are published on', () => {
    const problems = problemsAfter(
      (text) => `${text}\n`,
      confText.replace('cluster-announce-ip 127.0.0.1', 'cluster-announce-ip 172.17.0.2'),
    );
    expect(problems).toHaveLength(6);
    expect(problems[0]).toBe(
      'redis-1 does not announce 127.0.0.1, the address its port is published on',
    );
  });

  it('finds a create service that starts before a node is healthy', () => {
    const problems = problemsAfter((text) =>
      text.replace(
        'redis-2: { condition: service_healthy }',
        'redis-2: { condition: service_started }',
      ),
    );
    expect(problems).toEqual(["cluster-create does not wait for redis-2's health check"]);
  });

  it('finds a missing node', () => {
    const problems = problemsAfter((text) =>
      text
        .replace(/ {2}redis-6:\n(?: {4}.*\n)+/, '')
        .replace(/\s+redis-6: \{ condition: service_healthy \}/, ''),
    );
    expect(problems).toContain('expected 6 redis-server services with --port, found 5');
  });

  it('is thrown, every problem listed, when the harness reads a broken file', () => {
    const dir = mkdtempSync(join(scratch, 'read-'));
    writeFileSync(join(dir, 'redis-node.conf'), confText);
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      composeText.replaceAll('service_healthy', 'service_started'),
    );
    expect(() => readComposeCluster(join(dir, 'docker-compose.yml'))).toThrow(HarnessStateError);
    expect(() => readComposeCluster(join(dir, 'docker-compose.yml'))).toThrow(
      /cluster-create does not wait for redis-1's health check\n- cluster-create does not wait for redis-2/,
    );
  });
});
