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
 *
 * Its second form, "values in hand" ({@link WIRE_FLOOR_VALUES}), adds the one thing no client
 * that returns values can skip: each reply's bulk strings become JavaScript strings (decoded as
 * Latin-1 where they lie, or from a reused Buffer the reply is copied into as it arrives when it
 * spans reads: the cheapest exact route for these ASCII values) and each is compared with the value expected,
 * as the workloads check every client's replies. Requests stay encoded in advance, so it is
 * still a bound no client can pass: it says how far the plain floor is out of reach of any
 * client that hands back strings.
 */

import type { Socket } from 'node:net';
import type { ServerAddress } from '@redwire/test-harness/servers';
import type { PipelineCommand } from '../lib/clients/contract.js';
import type { MeteredWork } from '../lib/metered-contender.js';
import { openRawSocket } from '../lib/raw-socket.js';
import { type ReplyValue, replyValues } from './reply-values.js';
import type { ClientRun } from './workload.js';

/** The floor's name in the terminal output; never a peer, never in the main table. */
export const WIRE_FLOOR = 'wire floor';
/** The floor that also makes and checks each reply's values (see the header). */
export const WIRE_FLOOR_VALUES = 'wire floor, values in hand';
/** Both floors: contenders of the measuring loop, never peers. */
export const FLOORS: ReadonlySet<string> = new Set([WIRE_FLOOR, WIRE_FLOOR_VALUES]);

/** One command (or pipeline) as written, and the exact bytes of its replies. */
export interface FloorStep {
  readonly request: Buffer;
  readonly reply: Buffer;
  /** Commands the request holds, for the server-side cross-check. */
  readonly commands: number;
  /** The bulk strings of `reply`, which the values-in-hand floor makes and checks. */
  readonly values: readonly ReplyValue[];
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
  const reply = Buffer.from(replies, 'latin1');
  return {
    request: Buffer.from(commands.map((args) => encode(args)).join(''), 'latin1'),
    reply,
    commands: commands.length,
    values: replyValues(reply),
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

/**
 * `buf[start, end)` as Latin-1: Node's own method behind `toString('latin1', …)`, without its
 * argument handling (not in @types/node).
 */
const latin1Slice = (buf: Buffer, start: number, end: number): string =>
  (buf as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(start, end);

/** A step written and not yet answered in full. */
interface DueStep {
  readonly step: FloorStep;
  /** Reply bytes still to come. */
  left: number;
  /** Values in hand: whether its values are made and checked. */
  readonly withValues: boolean;
}

/** One raw socket that runs plans: requests written as they are, replies counted in order. */
export class WireFloor {
  readonly #socket: Socket;
  readonly #name: string;
  readonly #withValues: boolean;
  /**
   * Values in hand: where a reply that spans reads is copied as it arrives, reused. Only the
   * oldest reply due can span reads (replies come in order), so one room serves them all.
   */
  #room = Buffer.alloc(0);
  /** Steps written, oldest first (replies come back in order). */
  readonly #due: DueStep[] = [];
  readonly #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #capture: Buffer[] | undefined;
  #broken: Error | undefined;

  private constructor(socket: Socket, withValues: boolean) {
    this.#socket = socket;
    this.#withValues = withValues;
    this.#name = withValues ? WIRE_FLOOR_VALUES : WIRE_FLOOR;
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () => this.#fail(new Error(`${this.#name}: the server closed the socket`)));
  }

  /** A floor on a socket of its own; `withValues` makes it the values-in-hand floor. */
  static async open(address: ServerAddress, withValues = false): Promise<WireFloor> {
    // Nothing arrives before the first request; until the floor exists, a read goes nowhere.
    let received = (_chunk: Buffer): void => {};
    const socket = await openRawSocket(address, (chunk) => received(chunk));
    const floor = new WireFloor(socket, withValues);
    received = (chunk) => floor.#received(chunk);
    return floor;
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
            `${this.#name}: a reply differs from the bytes expected (${got.length} bytes, ` +
              `expected ${step.reply.length}: ${JSON.stringify(got.subarray(0, 40).toString('latin1'))})`,
          );
        }
      }
    }
  }

  /** The plan as a contender of the measuring loop. */
  work(plan: FloorPlan): MeteredWork<ClientRun> {
    return { name: this.#name, run: (budgetMs) => this.#run(plan, budgetMs) };
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
        () => this.#fail(new Error(`${this.#name}: a reply incomplete after ${STEP_LIMIT_MS} ms`)),
        STEP_LIMIT_MS,
      );
      const withValues = this.#withValues && step.values.length > 0;
      this.#due.push({ step, left: step.reply.length, withValues });
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

  /** A read, as a view of the socket's reused buffer: what outlives this call is copied. */
  #received(chunk: Buffer): void {
    this.#capture?.push(Buffer.from(chunk));
    let offset = 0;
    while (offset < chunk.length) {
      const due = this.#due[0];
      if (due === undefined) {
        this.#fail(new Error(`${this.#name}: more reply bytes than the commands take`));
        return;
      }
      const taken = Math.min(due.left, chunk.length - offset);
      const size = due.step.reply.length;
      // Values in hand: a reply whole in this read is checked where it lies; one that spans
      // reads is copied into the room as it arrives and checked there once complete.
      let reply: Buffer | undefined;
      if (due.withValues) {
        if (taken === size) {
          reply = chunk.subarray(offset, offset + taken);
        } else {
          if (due.left === size && this.#room.length < size) this.#room = Buffer.allocUnsafe(size);
          chunk.copy(this.#room, size - due.left, offset, offset + taken);
          reply = this.#room;
        }
      }
      offset += taken;
      due.left -= taken;
      if (due.left > 0) continue;
      this.#due.shift();
      const wrong = reply === undefined ? undefined : checkValues(due.step, reply);
      if (wrong !== undefined) {
        this.#fail(new Error(`${this.#name}: ${wrong}`));
        return;
      }
      this.#waiters.shift()?.resolve();
    }
  }

  #fail(error: Error): void {
    this.#broken ??= error;
    this.#due.length = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}

/** Values in hand: each of the reply's values as a string, compared; what differs, if any. */
function checkValues(step: FloorStep, reply: Buffer): string | undefined {
  for (const value of step.values) {
    if (latin1Slice(reply, value.start, value.end) !== value.text) {
      return `a value at offset ${value.start} differs from the one expected`;
    }
  }
  return undefined;
}
