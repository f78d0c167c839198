/**
 * Run as a child process by close.integration.test.ts: uses every part of a client that holds a
 * socket or a timer (the shared connection with its health check, the blocking pool, an
 * isolated lease, a duplicate, a subscriber, a scan left half way), closes (or destroys) them,
 * and must then exit on its own with nothing alive that was not alive before. A socket or timer that
 * survived close() would show in `alive`, or keep the process running past the test's deadline.
 */
import { createClient } from '@redwire/client';
import { resourcesLeftSince } from '@redwire/test-harness/child-fixture';

const [host, port, mode] = process.argv.slice(2);
// What the process holds before redwire does anything (stdout's pipe, for one).
const baseline = process.getActiveResourcesInfo();
const redis = createClient({
  host,
  port: Number(port),
  pingInterval: 1_000,
  poolIdleTimeout: 60_000,
});
const prefix = `exit:${process.pid}`;

await redis.set(`${prefix}:k`, 'v', { ex: 60 });
await redis.pipeline().incr(`${prefix}:n`).expire(`${prefix}:n`, 60).exec();
await redis.multi().get(`${prefix}:k`).exec();
// A timed-out command whose reply is still owed when close() starts.
await redis
  .withOptions({ timeout: 20 })
  .sendCommand(['DEBUG', 'SLEEP', '0.05'])
  .catch(() => {});
// The pool: a blocking command that ends by itself, an isolated lease, and one still blocked.
await redis.blpop(`${prefix}:empty`, 0.05);
await redis.isolated(async (conn) => {
  await conn.watch(`${prefix}:k`);
  return conn.get(`${prefix}:k`);
});
const blocked = redis.blpop(`${prefix}:never`, 0);
// A scan the loop leaves after its first key.
for await (const _key of redis.scanIterator({ match: `${prefix}:*`, count: 1 })) break;

const copy = redis.duplicate({ name: 'exit-copy' });
await copy.ping();
const sub = redis.subscriber();
await sub.subscribe(`${prefix}:news`, () => {});
if (mode === 'destroy') {
  sub.destroy();
  copy.destroy();
  redis.destroy();
} else {
  await sub.close();
  await copy.close();
  await redis.close();
}
// close(): ends as if its own timeout had passed; destroy(): rejects.
const released = await blocked.catch((error: Error) => error.name);

const alive = await resourcesLeftSince(baseline);
console.log(JSON.stringify({ status: redis.status, released, alive }));
