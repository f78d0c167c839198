/**
 * Run as a child process by close.integration.test.ts: uses a connection, closes it, and must
 * then exit on its own. If a socket or timer survived close(), the process would hang and the
 * test would see it killed by its deadline instead of exiting with status 0.
 */
import { Connection } from '@redwire/connection';
import { resourcesLeftSince } from '@redwire/test-harness/child-fixture';

const [host, port, mode] = process.argv.slice(2);
// What the process holds before redwire does anything (stdout's pipe, for one).
const baseline = process.getActiveResourcesInfo();
const connection = new Connection({ host, port: Number(port), pingInterval: 1_000 });
const inFlight = Array.from({ length: 10 }, (_, i) => connection.send(['ECHO', String(i)]));
if (mode === 'destroy') {
  await connection.connect().catch(() => {});
  connection.destroy();
  await Promise.allSettled(inFlight);
} else {
  await connection.close();
  const replies = await Promise.all(inFlight);
  if (replies.join(',') !== '0,1,2,3,4,5,6,7,8,9')
    throw new Error(`close() lost replies: ${replies}`);
}
const alive = await resourcesLeftSince(baseline);
console.log(JSON.stringify({ status: connection.status, alive }));
