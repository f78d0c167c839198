/** Which redis-server a run measured, read from the server itself for the results header. */

import {
  parseInfo,
  type RedisServer,
  type RespTarget,
  sendTextCommand,
} from '@redwire/test-harness/servers';

/** `redis_version` from INFO, or 'unknown'. */
export async function readServerVersion(target: RespTarget): Promise<string> {
  const info = parseInfo(await sendTextCommand(target, ['INFO', 'server']));
  return info.redis_version ?? 'unknown';
}

/** Reads the version of a run's single server and says on the terminal which server it is. */
export async function announceServer(server: RedisServer): Promise<string> {
  const version = await readServerVersion(server.target);
  console.log(`redis-server ${version} on port ${server.port} (pid ${server.pid()})`);
  return version;
}
