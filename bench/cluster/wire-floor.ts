/**
 * The wire floor: how fast the servers and the kernel of this machine run a workload's commands
 * when the client does no work at all. The commands are encoded once, before timing; each
 * operation writes those bytes to one raw socket per primary they go to and waits until each
 * socket has returned as many bytes as its replies take. Nothing is parsed, matched or
 * allocated per command. No client can beat it with the same commands, so a target above it
 * is out of reach for every client on this machine, not only for the one measured.
 *
 * Before timing, one operation's reply bytes are compared with the exact bytes expected, and
 * again after the last round, so the byte count is known to mean the replies it stands for.
 */

import type { Socket } from 'node:net';
import type { ServerAddress } from '@redwire/test-harness/servers';
import type { PipelineCommand } from '../lib/clients/contract.js';
import { type Measurement, type MeasureOptions, measureInterleavedAsync } from '../lib/measure.js';
import { openRawSocket } from '../lib/raw-socket.js';
import { type ClusterLayout, slotFor } from './layout.js';

/** One workload's commands as bytes per primary, and the exact reply bytes each returns. */
export interface FloorPlan {
  readonly name: string;
  readonly shares: readonly FloorShare[];
}

interface FloorShare {
  readonly address: ServerAddress;
  readonly request: Buffer;
  readonly reply: Buffer;
}

/**
 * (2) as a client sends it: each primary gets its commands in the pipeline's order, and a GET
 * answers the value its SET just wrote.
 */
export function pipelinePlan(
  name: string,
  layout: ClusterLayout,
  commands: readonly PipelineCommand[],
): FloorPlan {
  const written = new Map<string, string>();
  const perPrimary = layout.primaries.map(() => ({
    request: [] as string[],
    reply: [] as string[],
  }));
  for (const command of commands) {
    const key = command[1];
    const share = perPrimary[ownerOf(layout, key)]!;
    share.request.push(encode(command));
    if (command[0] === 'SET') {
      written.set(key, command[2]);
      share.reply.push('+OK\r\n');
    } else {
      share.reply.push(bulk(written.get(key) ?? ''));
    }
  }
  return planOf(name, layout, perPrimary);
}

/**
 * (3) as a splitting client sends it: one MGET per slot, to the slot's primary; `preloaded` gives
 * each key's preloaded value. With every key in one slot, that is the single MGET of a peer.
 */
export function mgetPlan(
  name: string,
  layout: ClusterLayout,
  keys: readonly string[],
  preloaded: (key: string) => string,
): FloorPlan {
  const bySlot = new Map<number, string[]>();
  for (const key of keys) {
    const slot = slotFor(layout, key);
    const group = bySlot.get(slot) ?? [];
    group.push(key);
    bySlot.set(slot, group);
  }
  const perPrimary = layout.primaries.map(() => ({
    request: [] as string[],
    reply: [] as string[],
  }));
  for (const [slot, group] of bySlot) {
    const share = perPrimary[layout.owner[slot]!]!;
    share.request.push(encode(['MGET', ...group]));
    share.reply.push(`*${group.length}\r\n${group.map((key) => bulk(preloaded(key))).join('')}`);
  }
  return planOf(name, layout, perPrimary);
}

/** Every plan measured on the benchmark's schedule: operations per second, median of rounds. */
export async function measureFloors(
  plans: readonly FloorPlan[],
  options: MeasureOptions,
): Promise<Measurement[]> {
  const runners = await Promise.all(plans.map((plan) => FloorRunner.open(plan)));
  try {
    for (const runner of runners) await runner.verify();
    const measured = await measureInterleavedAsync(runners, options);
    for (const runner of runners) await runner.verify();
    return measured;
  } finally {
    for (const runner of runners) runner.close();
  }
}

/** Longest any one operation may take; a reply that never completes fails the run instead. */
const OPERATION_LIMIT_MS = 5_000;

/** One plan's sockets, and the operation that writes its requests and counts the replies. */
class FloorRunner {
  readonly name: string;
  readonly #shares: readonly FloorShare[];
  readonly #sockets: readonly Socket[];
  /** Bytes still due per socket, and who waits for them. */
  readonly #due: number[];
  #capture: Buffer[][] | undefined;
  #pending = 0;
  #done: (() => void) | undefined;
  #failed: ((error: Error) => void) | undefined;

  private constructor(plan: FloorPlan, sockets: readonly Socket[]) {
    this.name = plan.name;
    this.#shares = plan.shares;
    this.#sockets = sockets;
    this.#due = sockets.map(() => 0);
    for (const socket of sockets) {
      socket.on('error', (error) => this.#failed?.(error));
      socket.on('close', () =>
        this.#failed?.(new Error(`${plan.name}: a server closed its socket`)),
      );
    }
  }

  static async open(plan: FloorPlan): Promise<FloorRunner> {
    // Nothing arrives before the first request; until the runner exists, a read goes nowhere.
    let received = (_index: number, _chunk: Buffer): void => {};
    const sockets = await Promise.all(
      plan.shares.map((share, index) =>
        openRawSocket(share.address, (chunk) => received(index, chunk)),
      ),
    );
    const runner = new FloorRunner(plan, sockets);
    received = (index, chunk) => runner.#received(index, chunk);
    return runner;
  }

  /** Works until `budgetMs` have passed; operations per second. */
  async runFor(budgetMs: number): Promise<number> {
    const start = performance.now();
    const deadline = start + budgetMs;
    let ops = 0;
    let now = start;
    do {
      await this.#operation();
      ops++;
      now = performance.now();
    } while (now < deadline);
    return ops / ((now - start) / 1000);
  }

  /** One operation whose reply bytes must equal the plan's, byte for byte. */
  async verify(): Promise<void> {
    const capture = this.#shares.map((): Buffer[] => []);
    this.#capture = capture;
    try {
      await this.#operation();
    } finally {
      this.#capture = undefined;
    }
    this.#shares.forEach((share, index) => {
      if (!Buffer.concat(capture[index]!).equals(share.reply)) {
        throw new Error(`${this.name}: ${share.address.port} did not reply as expected`);
      }
    });
  }

  close(): void {
    this.#failed = undefined;
    for (const socket of this.#sockets) socket.destroy();
  }

  #operation(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: replies incomplete after ${OPERATION_LIMIT_MS} ms`)),
        OPERATION_LIMIT_MS,
      );
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.#done = undefined;
        this.#failed = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#done = () => settle();
      this.#failed = settle;
      this.#pending = this.#shares.length;
      this.#shares.forEach((share, index) => {
        this.#due[index] = share.reply.length;
        this.#sockets[index]!.write(share.request);
      });
    });
  }

  /** A read, as a view of the socket's reused buffer: the capture keeps a copy. */
  #received(index: number, chunk: Buffer): void {
    this.#capture?.[index]?.push(Buffer.from(chunk));
    const due = (this.#due[index] as number) - chunk.length;
    this.#due[index] = due;
    if (due < 0) {
      this.#failed?.(new Error(`${this.name}: more reply bytes than the commands take`));
    } else if (due === 0 && --this.#pending === 0) {
      this.#done?.();
    }
  }
}

function planOf(
  name: string,
  layout: ClusterLayout,
  perPrimary: readonly { request: string[]; reply: string[] }[],
): FloorPlan {
  const shares = perPrimary.flatMap(({ request, reply }, index) =>
    request.length === 0
      ? []
      : [
          {
            address: layout.primaries[index]!,
            request: Buffer.from(request.join('')),
            reply: Buffer.from(reply.join('')),
          },
        ],
  );
  return { name, shares };
}

function ownerOf(layout: ClusterLayout, key: string): number {
  return layout.owner[slotFor(layout, key)]!;
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => bulk(arg)).join('')}`;
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}
