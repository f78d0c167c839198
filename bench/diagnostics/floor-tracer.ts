/**
 * The diagnostics benchmark's floor: the least a client must do per command to publish the
 * TracingChannel events issue 23 asks for, done from outside the client around its calls. Each
 * command gets a payload object of its own (subscribers tell operations apart by it) with the
 * fields a trace carries (name, key, server, database, result), and four events on one
 * TracingChannel that an idle subscriber listens to: `start` before the call, `end` once the call
 * has returned its promise, `asyncStart` and `asyncEnd` after the await, adding no promise.
 * A client can publish these events no more cheaply; what it costs the quiet client here is
 * what any client that traces its commands pays on this workload and machine.
 */
import diagnostics from 'node:diagnostics_channel';
import type { CommandTrace, CommandTracer } from '../lib/mixed-workload.js';

/** A channel of the bench's own, so that the quiet client's channels stay without subscribers. */
const FLOOR_CHANNEL = 'redwire-bench:floor';

const channel = diagnostics.tracingChannel<object, FloorTrace>(FLOOR_CHANNEL);

class FloorTrace implements CommandTrace {
  readonly command: string;
  readonly key: string;
  readonly serverAddress: string;
  readonly serverPort: number;
  readonly database: number;
  result: unknown;

  constructor(command: string, key: string, server: FloorServer) {
    this.command = command;
    this.key = key;
    this.serverAddress = server.host;
    this.serverPort = server.port;
    this.database = 0;
    this.result = undefined;
    channel.start.publish(this);
  }

  end(): void {
    channel.end.publish(this);
  }

  settled(reply: unknown): void {
    this.result = reply;
    channel.asyncStart.publish(this);
    channel.asyncEnd.publish(this);
  }
}

interface FloorServer {
  readonly host: string;
  readonly port: number;
}

/**
 * Subscribes `handler` to every event of the floor's channel and returns the tracer that
 * publishes them for commands sent to `server`.
 */
export function floorTracer(server: FloorServer, handler: () => void): CommandTracer {
  channel.subscribe({
    start: handler,
    end: handler,
    asyncStart: handler,
    asyncEnd: handler,
    error: handler,
  });
  return { start: (command, key) => new FloorTrace(command, key, server) };
}
