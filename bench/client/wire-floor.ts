/**
 * The wire floor of a client workload: the same commands on one raw socket from a "client" that
 * does no work at all, timed in the same interleaved rounds as the libraries. The commands are
 * encoded once, before timing; each step writes its bytes and waits until the socket has
 * returned as many bytes as its reply takes. Nothing is parsed, matched or allocated per reply
 * (one promise per step, as any awaiting caller has). No client can beat it with the same
 * commands on this machine, so it says how much of a row is the client's to win.
 *
 * Before and after timing, one pass of every worker's steps is compared with the exact reply
 * bytes expected, so the byte count is known to mean the replies it stands for.
 */

import { connect, type Socket } from 'node:net';
import type { ServerAddress } from '@redwire/test-harness/servers';
import type { PipelineCommand } from '../lib/clients/contract.js';
import type { MeteredWork } from '../lib/metered-contender.js';
import type { ClientRun } from './workload.js';

/** The floor's name in the terminal output; never a peer, never in the main table. */
export const WIRE_FLOOR = 'wire floor';

/** One command (or pipeline) as written, and the exact bytes of its replies. */
export interface FloorStep {
  readonly request: Buffer;
  readonly reply: Buffer;
  /** Commands the request holds, for the server-side cross-check. */
  readonly commands: number;
}

/**
 * A workload's commands for the floor: one sequence of steps per concurrent worker. One pass
 * of a worker's sequence is one operation, as one pass of its loop is in the workload.
 */
export interface FloorPlan {
  readonly workers: readonly (readonly FloorStep[])[];
}

/** A step of the given commands, whose replies are `replies` (RESP text, ASCII). */
export function floorStep(
  commands: readonly PipelineCommand[] | readonly string[][],
  replies: string,
): FloorStep {
  return {
    request: Buffer.from(commands.map((args) => encode(args)).join(''), 'latin1'),
    reply: Buffer.from(replies, 'latin1'),
    commands: commands.length,
  };
}

/** RESP of one command. */
export function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => bulk(arg)).join('')}`;
}

/** RESP of one bulk string (ASCII text). */
export function bulk(text: string): string {
  return `$${text.length}\r\n${text}\r\n`;
}

/** Longest any one step may take; a reply that never completes fails the run instead. */
const STEP_LIMIT_MS = 5_000;

/** One raw socket that runs plans: requests written as they are, replies counted in order. */
export class WireFloor {
  readonly #socket: Socket;
  /** Reply bytes still due per step written, oldest first (replies come back in order). */
  readonly #due: number[] = [];
  readonly #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #capture: Buffer[] | undefined;
  #broken: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#received(chunk));
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () => this.#fail(new Error(`${WIRE_FLOOR}: the server closed the socket`)));
  }

  static open({ host, port }: ServerAddress): Promise<WireFloor> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new WireFloor(socket));
      });
      socket.once('error', reject);
    });
  }

  /** One pass of each worker's steps, one at a time, whose reply bytes must be exact. */
  async verify(plan: FloorPlan): Promise<void> {
    for (const steps of plan.workers) {
      for (const step of steps) {
        const capture: Buffer[] = [];
        this.#capture = capture;
        try {
          await this.#send(step);
        } finally {
          this.#capture = undefined;
        }
        const got = Buffer.concat(capture);
        if (!got.equals(step.reply)) {
          throw new Error(
            `${WIRE_FLOOR}: a reply differs from the bytes expected (${got.length} bytes, ` +
              `expected ${step.reply.length}: ${JSON.stringify(got.subarray(0, 40).toString('latin1'))})`,
          );
        }
      }
    }
  }

  /** The plan as a contender of the measuring loop. */
  work(plan: FloorPlan): MeteredWork<ClientRun> {
    return { name: WIRE_FLOOR, run: (budgetMs) => this.#run(plan, budgetMs) };
  }

  close(): void {
    this.#socket.destroy();
  }

  async #run(plan: FloorPlan, budgetMs: number): Promise<ClientRun> {
    const start = performance.now();
    const deadline = start + budgetMs;
    let ops = 0;
    let commands = 0;
    await Promise.all(
      plan.workers.map(async (steps) => {
        do {
          for (const step of steps) {
            await this.#send(step);
            commands += step.commands;
          }
          ops++;
        } while (performance.now() < deadline);
      }),
    );
    return { ops, seconds: (performance.now() - start) / 1000, commands };
  }

  #send(step: FloorStep): Promise<void> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => this.#fail(new Error(`${WIRE_FLOOR}: a reply incomplete after ${STEP_LIMIT_MS} ms`)),
        STEP_LIMIT_MS,
      );
      this.#due.push(step.reply.length);
      this.#waiters.push({
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#socket.write(step.request);
    });
  }

  #received(chunk: Buffer): void {
    this.#capture?.push(chunk);
    let left = chunk.length;
    while (left > 0) {
      const due = this.#due[0];
      if (due === undefined) {
        this.#fail(new Error(`${WIRE_FLOOR}: more reply bytes than the commands take`));
        return;
      }
      const taken = Math.min(due, left);
      left -= taken;
      if (taken < due) {
        this.#due[0] = due - taken;
      } else {
        this.#due.shift();
        this.#waiters.shift()?.resolve();
      }
    }
  }

  #fail(error: Error): void {
    this.#broken ??= error;
    this.#due.length = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}
