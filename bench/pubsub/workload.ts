/**
 * One publisher, one subscriber, one channel: the publisher sends PUBLISH in batches while at
 * most `WINDOW` messages are published but not yet received, and the run ends when the last
 * message published within the budget has arrived. The window keeps every library equally far
 * from the server's output-buffer limit for subscribers (a subscriber too far behind is
 * disconnected), and from measuring its own buffering instead of delivery.
 */

import { ContenderFailure } from '../lib/clients/contract.js';
import type { PubSubPair } from './contract.js';

export const CHANNEL = 'bench:pubsub';
/** Bytes of each message's payload. */
export const PAYLOAD_BYTES = 100;
/** Messages published but not yet received, at most. */
export const WINDOW = 1_000;
/** PUBLISH commands issued together (in one tick) before the window is checked again. */
export const BATCH = 100;
/** How long the subscriber may take to catch up once publishing stops. */
const DRAIN_TIMEOUT_MS = 10_000;

const PAYLOAD = 'm'.repeat(PAYLOAD_BYTES);

export interface PubSubRun {
  /** Messages received (all that were published). */
  readonly messages: number;
  /** From the first PUBLISH to the last message received. */
  readonly seconds: number;
}

/**
 * Publishes for about `budgetMs` and waits for every message to arrive; rejects on a wrong
 * payload, a PUBLISH that reached no subscriber, or messages that never come.
 */
export async function runPubSub(
  name: string,
  pair: PubSubPair,
  budgetMs: number,
): Promise<PubSubRun> {
  let received = 0;
  let sent = 0;
  let failure: Error | undefined;
  let lastArrival = 0;
  let wake: (() => void) | undefined;
  let wakeAt = 0;
  const onMessage = (message: string): void => {
    if (message !== PAYLOAD) failure ??= new ContenderFailure(`${name}: received a wrong payload`);
    received++;
    lastArrival = performance.now();
    if (wake !== undefined && received >= wakeAt) {
      const resume = wake;
      wake = undefined;
      resume();
    }
  };
  const checkPublish = (receivers: unknown): void => {
    if (receivers !== 1) {
      failure ??= new ContenderFailure(`${name}: PUBLISH reached ${String(receivers)} subscribers`);
    }
  };
  const failPublish = (error: unknown): void => {
    failure ??= error as Error;
  };
  /** Resolves once `count` messages have arrived. */
  const arrived = (count: number): Promise<void> | undefined => {
    if (received >= count) return undefined;
    wakeAt = count;
    return new Promise((resolve) => {
      wake = resolve;
    });
  };

  await pair.subscribe(CHANNEL, onMessage);
  try {
    const start = performance.now();
    const deadline = start + budgetMs;
    while (performance.now() < deadline && failure === undefined) {
      for (let i = 0; i < BATCH; i++)
        pair.publish(CHANNEL, PAYLOAD).then(checkPublish, failPublish);
      sent += BATCH;
      // Yields to the event loop only when the window is full: its wake-up is a socket read.
      const behind = arrived(sent - WINDOW);
      if (behind !== undefined) await behind;
    }
    const timer = setTimeout(() => {
      failure ??= new ContenderFailure(
        `${name}: ${sent - received} of ${sent} messages never arrived`,
      );
      wake?.();
    }, DRAIN_TIMEOUT_MS);
    await arrived(sent);
    clearTimeout(timer);
    if (failure !== undefined) throw failure;
    return { messages: received, seconds: (lastArrival - start) / 1000 };
  } finally {
    await pair.unsubscribe(CHANNEL);
  }
}
