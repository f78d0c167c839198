import { readFileSync } from 'node:fs';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { commandSpecFromInfo, parseCommandInfo } from './command-info.js';
import { commandSpecs } from './commands/generated/index.js';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;
const snapshotVersion = (
  JSON.parse(readFileSync(new URL('../data/commands.json', import.meta.url), 'utf8')) as {
    server: { version: string };
  }
).server.version;

describe.each([2, 3] as const)('parseCommandInfo over RESP%i', (protocol) => {
  it('reads what the server says as the generated specs hold it', async () => {
    await using redis = createClient({ host, port, protocol });
    const infos = parseCommandInfo(await redis.sendCommand(['COMMAND', 'INFO']));
    const byName = new Map(infos.map((info) => [info.name, info]));
    // Stable across 7.x, with key specs of every kind (index, keyword, range, keynum, unknown).
    for (const name of [
      'GET',
      'MSET',
      'EVAL',
      'XREAD',
      'SORT',
      'MIGRATE',
      'SPUBLISH',
      'CLIENT SETNAME',
    ]) {
      const known = commandSpecs[name];
      const info = byName.get(name);
      expect(info, name).toBeDefined();
      if (known === undefined || info === undefined) continue;
      expect(commandSpecFromInfo(info, known), name).toEqual(known);
    }
  });

  it('matches the whole snapshot when the server runs the snapshot version', async () => {
    await using redis = createClient({ host, port, protocol });
    const serverInfo = String(await redis.sendCommand(['INFO', 'server']));
    const version = /redis_version:([^\r\n]+)/.exec(serverInfo)?.[1];
    if (version !== snapshotVersion) return;
    const infos = parseCommandInfo(await redis.sendCommand(['COMMAND', 'INFO']));
    expect(infos.length).toBe(Object.keys(commandSpecs).length);
    for (const info of infos) {
      const known = commandSpecs[info.name];
      expect(known, info.name).toBeDefined();
      expect(commandSpecFromInfo(info, known), info.name).toEqual(known);
    }
  });
});
