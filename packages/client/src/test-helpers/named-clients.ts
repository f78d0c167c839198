/**
 * Clients whose connections carry a name of their own, and what the server's CLIENT LIST says
 * of them: how the pool and blocking tests count and find the connections a client opened.
 */
import { getTestServers } from '@redwire/test-harness';
import type { RedisClient } from '../client.js';
import { createClient } from '../create-client.js';
import type { ClientOptions } from '../options.js';

let names = 0;

/** A client on the harness's standalone server, named `<label>-<pid>-<n>`. */
export function namedClient(
  label: string,
  options: ClientOptions = {},
): { name: string; redis: RedisClient } {
  const { host, port } = getTestServers().standalone.address;
  const name = `${label}-${process.pid}-${++names}`;
  return { name, redis: createClient({ host, port, name, ...options }) };
}

/** The CLIENT LIST entries (field → value) of the connections named `name`, asked through `observer`. */
export async function clientList(
  observer: RedisClient,
  name: string,
): Promise<Record<string, string>[]> {
  const list = String(await observer.sendCommand(['CLIENT', 'LIST']));
  return list
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        Object.fromEntries(
          line
            .trim()
            .split(' ')
            .map((field) => field.split('=')),
        ) as Record<string, string>,
    )
    .filter((client) => client.name === name);
}
