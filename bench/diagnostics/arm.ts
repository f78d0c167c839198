/**
 * One arm of the diagnostics benchmark, in a process of its own: the mixed workload on one
 * client, with nobody subscribed (`quiet`), with a subscriber that does nothing listening on
 * every channel from before the client connects (`idle`), as an application that loads its
 * instrumentation at start-up would, or with nobody subscribed to the client's channels and the
 * least tracing any client must do published around its calls to an idle subscriber (`floor`,
 * floor-tracer.ts). Started by diagnostics.bench.ts with an IPC channel; not
 * meant to be run by hand. It warms up, says `ready`, then runs one turn of the workload each
 * time the parent asks and answers with what the turn did, until told to stop.
 */
import diagnostics from 'node:diagnostics_channel';
import { type CommandTracer, runWorkload } from '../lib/mixed-workload.js';
import { floorTracer } from './floor-tracer.js';
import { TRACED_CLIENTS } from './traced-clients.js';

const idle = () => {};

/** What the parent passes in the environment, as JSON. */
export interface ArmSettings {
  readonly client: keyof typeof TRACED_CLIENTS;
  readonly arm: 'quiet' | 'idle' | 'floor';
  readonly host: string;
  readonly port: number;
  readonly warmupMs: number;
}

/** What the parent sends: run one turn of `turn` ms, or stop. */
export type ArmRequest = { readonly turn: number } | { readonly stop: true };

/** What the arm sends: `ready` once warm, then one {@link RoundResult} per turn asked for. */
export type ArmMessage =
  | { readonly ready: true }
  | { readonly result: RoundResult }
  | { readonly failed: string };

/** One turn, measured in the arm's process. */
export interface RoundResult {
  readonly opsPerSecond: number;
  /** This process's CPU time (user + system) per command, in ns. */
  readonly cpuNsPerOp: number;
}

const settings = JSON.parse(process.env.REDWIRE_BENCH_ARM ?? 'null') as ArmSettings | null;
if (settings === null || process.send === undefined) {
  throw new Error('arm.ts is started by diagnostics.bench.ts, with an IPC channel');
}
const send = (message: ArmMessage) => process.send!(message);

const measured = TRACED_CLIENTS[settings.client];
if (settings.arm === 'idle') {
  const handlers = { start: idle, end: idle, asyncStart: idle, asyncEnd: idle, error: idle };
  for (const name of measured.tracing) diagnostics.tracingChannel(name).subscribe(handlers);
  for (const name of measured.points) diagnostics.subscribe(name, idle);
}
const tracer: CommandTracer | undefined =
  settings.arm === 'floor' ? floorTracer(settings, idle) : undefined;

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});
const client = await measured.contender.connect({ host: settings.host, port: settings.port });

async function turn(ms: number): Promise<RoundResult> {
  collectGarbage();
  const before = process.cpuUsage();
  const { ops, seconds } = await runWorkload(settings!.arm, client, ms, tracer);
  const used = process.cpuUsage(before);
  return { opsPerSecond: ops / seconds, cpuNsPerOp: ((used.user + used.system) * 1000) / ops };
}

process.on('message', (request: ArmRequest) => {
  // Stopping is the parent letting go: the 'disconnect' below closes the client.
  if ('stop' in request) {
    process.disconnect();
    return;
  }
  turn(request.turn).then(
    (result) => send({ result }),
    (error: unknown) => {
      send({ failed: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    },
  );
});
// The parent going away, asked to or not, ends the arm.
process.on('disconnect', () => void client.close());

await runWorkload(settings.arm, client, settings.warmupMs);
send({ ready: true });
