/**
 * Shared by the integration tests: the harness's standalone server, a pipelining publisher, and
 * ways to wait for what a subscriber receives.
 */
import { Connection, type ConnectionOptions } from '@redwire/connection';
import { getTestServers } from '@redwire/test-harness';
import { Subscriber } from '../subscriber.js';

export function standalone() {
  return getTestServers().standalone;
}

/** Connection options for the harness's standalone server. */
export function serverOptions(extra: ConnectionOptions = {}): ConnectionOptions {
  const { host, port } = standalone().address;
  return { host, port, ...extra };
}

/** A subscriber on the standalone server over `protocol`. */
export function subscriberFor(protocol: 2 | 3, extra: ConnectionOptions = {}): Subscriber {
  return new Subscriber(new Connection(serverOptions({ protocol, ...extra })));
}

/**
 * A plain connection that publishes, already connected (a burst sent before the socket is up
 * would overflow the offline queue); commands sent in one tick go out in one write.
 */
export async function publisher(): Promise<Connection> {
  const connection = new Connection(serverOptions());
  await connection.connect();
  return connection;
}

/** Resolves once `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many clients the server sees subscribed to `channel` (PUBSUB NUMSUB). */
export async function subscribersOf(channel: string): Promise<number> {
  const reply = (await standalone().command('PUBSUB', 'NUMSUB', channel)) as unknown[];
  return Number(reply[1]);
}

/** The CLIENT LIST line fields of the client named `name`, or undefined. */
export async function clientNamed(name: string): Promise<Record<string, string> | undefined> {
  const list = String(await standalone().command('CLIENT', 'LIST'));
  for (const line of list.split('\n')) {
    const fields = Object.fromEntries(
      line
        .trim()
        .split(' ')
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    );
    if (fields.name === name) return fields;
  }
  return undefined;
}
