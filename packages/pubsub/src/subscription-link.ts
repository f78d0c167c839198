/**
 * `SubscriptionLink`: one connection in pub/sub mode and the subscriptions it should hold. It
 * sends the (un)subscribe commands, tracks what the server confirmed, restores everything
 * desired after a reconnect, and turns message frames into messages. It knows nothing of
 * listeners or iterators: it reports through {@link LinkHooks}, so a standalone `Subscriber`
 * owns one link and a cluster subscriber can own one per node and move names between them.
 */
import { Buffer } from 'node:buffer';
import {
  type Connection,
  ConnectionError,
  type ReconnectingEvent,
  ReplyError,
} from '@redwire/connection';
import type { CommandArgument, PushFrame } from '@redwire/protocol';
import { type ResubscribedDiagnostic, resubscribedChannel } from './diagnostics.js';
import { CONFIRMATIONS, KINDS, SUBSCRIPTION_KINDS, type SubscriptionKind } from './kinds.js';
import type { Message } from './message.js';
import { type ChannelName, nameKey } from './names.js';
import { type SubscriptionCounts, SubscriptionSet } from './subscription-set.js';

/** Payload of the `resubscribed` event: what was restored, by kind. */
export type ResubscribedEvent = SubscriptionCounts;

/** What a link reports to its owner. Hooks run synchronously, inside the socket's read. */
export interface LinkHooks<T extends string | Buffer> {
  message(message: Message<T>): void;
  /**
   * The server ended a subscription that is still desired, on its own: a `sunsubscribe` when
   * the shard channel's slot moved to another node. The name stays desired but unconfirmed;
   * the owner decides where to subscribe it again.
   */
  dropped(kind: SubscriptionKind, name: T): void;
  /** After a reconnect, every desired subscription was confirmed again. */
  resubscribed(event: ResubscribedEvent): void;
  /** The socket was lost; subscriptions are restored once it is back. */
  reconnecting(event: ReconnectingEvent): void;
  /** Restoring subscriptions failed for another reason than the socket (a refusal, a timeout). */
  error(error: Error): void;
  /** The connection closed for good. */
  end(): void;
}

/**
 * Splits the names of one kind into the commands that restore them: one command for all by
 * default; a cluster needs one per slot for shard channels (SSUBSCRIBE refuses CROSSSLOT).
 */
export type RestoreBatches = (
  kind: SubscriptionKind,
  names: readonly ChannelName[],
) => readonly (readonly ChannelName[])[];

const ONE_BATCH: RestoreBatches = (_kind, names) => [names];

/** The socket died under the command: the next restore covers it. */
function isLoss(error: unknown): boolean {
  return error instanceof ConnectionError && error.code === 'REDWIRE_CONNECTION';
}

/**
 * One pub/sub connection and what it should hold. Messages, drops and restores are reported
 * through {@link LinkHooks}; the link never decides where a name belongs, only that this
 * connection holds what is desired of it.
 *
 * @example
 * ```ts
 * const link = new SubscriptionLink(new Connection(url), hooks, false);
 * await link.add('shard', ['orders']); // resolves once the server confirmed
 * ```
 */
export class SubscriptionLink<T extends string | Buffer = string> {
  /** The connection, in pub/sub mode; the link owns it and closes it. */
  readonly connection: Connection;
  /** What this connection should hold, and what its server confirmed. */
  readonly subscriptions = new SubscriptionSet();
  readonly #hooks: LinkHooks<T>;
  readonly #batches: RestoreBatches;
  /** Unsubscriptions in flight, by kind and name key: their confirmations are no drop. */
  readonly #leaving = new Map<string, number>();
  #lost = false;
  /** Bumped on every loss: a restore that finishes after a newer loss means nothing. */
  #round = 0;
  #restoreWaiters: RestoreWaiter[] = [];
  readonly #onPushFrame = (frame: PushFrame): void => this.#onPush(frame);
  readonly #onReconnecting = (event: ReconnectingEvent): void => this.#onLost(event);
  readonly #onReadyAgain = (): void => this.#onReady();
  readonly #onError = (error: Error): void => this.#hooks.error(error);
  readonly #onEnd = (): void => this.#ended();

  /**
   * @param connection - a connection never opened; it is put in pub/sub mode here
   * @param hooks - where messages and state changes go
   * @param buffers - frames carry Buffers (`T` is Buffer) instead of strings
   * @param batches - how a restore splits each kind's names into commands (all in one by default)
   */
  constructor(
    connection: Connection,
    hooks: LinkHooks<T>,
    buffers: boolean,
    batches: RestoreBatches = ONE_BATCH,
  ) {
    connection.usePubSub({ buffers });
    this.connection = connection;
    this.#hooks = hooks;
    this.#batches = batches;
    connection.on('push', this.#onPushFrame);
    connection.on('reconnecting', this.#onReconnecting);
    connection.on('ready', this.#onReadyAgain);
    connection.on('error', this.#onError);
    connection.on('end', this.#onEnd);
  }

  /**
   * Subscribes to `names`; resolves once the server confirmed every one. When the socket dies
   * before that, it resolves once the reconnect restored them, or rejects with the refusal when
   * the restore's command for them was refused (MOVED after their slot moved).
   * @throws ReplyError when the server refuses (`NOPERM`, `MOVED`, …): the names are dropped
   * @throws TimeoutError when the server does not confirm within the command timeout (the
   * names stay desired)
   * @throws ConnectionError when the connection is closed
   */
  async add(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void> {
    this.subscriptions.want(kind, names);
    try {
      await this.connection.sendPubSub([KINDS[kind].subscribe, ...names]);
    } catch (error) {
      if (isLoss(error)) return this.#restored(kind, names);
      if (error instanceof ReplyError) this.subscriptions.unwant(kind, names);
      throw error;
    }
  }

  /**
   * Unsubscribes from `names`; resolves once the server confirmed, or at once when there is no
   * server state to undo (never connected, closing, or the socket died meanwhile).
   */
  async remove(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void> {
    this.subscriptions.unwant(kind, names);
    const status = this.connection.status;
    if (status === 'idle' || status === 'closing' || status === 'closed') return;
    const keys = names.map((name) => `${kind}:${nameKey(name)}`);
    for (const key of keys) this.#leaving.set(key, (this.#leaving.get(key) ?? 0) + 1);
    try {
      await this.connection.sendPubSub([KINDS[kind].unsubscribe, ...names]);
    } catch (error) {
      if (!isLoss(error)) throw error;
    } finally {
      for (const key of keys) {
        const left = (this.#leaving.get(key) ?? 1) - 1;
        if (left === 0) this.#leaving.delete(key);
        else this.#leaving.set(key, left);
      }
    }
  }

  /** Sends an ordinary command on the link's connection. */
  send(args: readonly CommandArgument[], returnBuffers: boolean): Promise<unknown> {
    return this.connection.send(args, { returnBuffers });
  }

  /** Stops listening to the connection and closes it gracefully. */
  close(): Promise<void> {
    this.#detach();
    return this.connection.close();
  }

  /** Stops listening to the connection and destroys it. */
  destroy(): void {
    this.#detach();
    this.connection.destroy();
  }

  /** Every listener but 'end', which still settles what waits for a restore. */
  #detach(): void {
    this.connection.off('push', this.#onPushFrame);
    this.connection.off('reconnecting', this.#onReconnecting);
    this.connection.off('ready', this.#onReadyAgain);
    this.connection.off('error', this.#onError);
  }

  // Message frames are checked first: they are almost all of the traffic.
  #onPush(frame: PushFrame): void {
    const first = frame[0];
    const type =
      typeof first === 'string' ? first : Buffer.isBuffer(first) ? first.toString('latin1') : '';
    if (type === 'message') {
      this.#hooks.message({ channel: frame[1] as T, message: frame[2] as T });
    } else if (type === 'pmessage') {
      const [, pattern, channel, message] = frame as T[];
      this.#hooks.message({ channel: channel as T, message: message as T, pattern: pattern as T });
    } else if (type === 'smessage') {
      this.#hooks.message({ channel: frame[1] as T, message: frame[2] as T, shard: true });
    } else {
      this.#onConfirmation(type, frame[1]);
    }
  }

  #onConfirmation(type: string, name: unknown): void {
    const confirmation = CONFIRMATIONS.get(type);
    // Not pub/sub (a client-side caching invalidation), or UNSUBSCRIBE with nothing subscribed.
    if (confirmation === undefined || (typeof name !== 'string' && !Buffer.isBuffer(name))) return;
    const { kind, subscribed } = confirmation;
    if (subscribed) {
      this.subscriptions.confirm(kind, name);
      return;
    }
    this.subscriptions.unconfirm(kind, name);
    const asked = this.#leaving.has(`${kind}:${nameKey(name)}`);
    if (!asked && this.subscriptions.isDesired(kind, name)) this.#hooks.dropped(kind, name as T);
  }

  #onLost(event: ReconnectingEvent): void {
    this.#round++;
    this.#lost = true;
    this.subscriptions.forgetConfirmed();
    this.#hooks.reconnecting(event);
  }

  #onReady(): void {
    if (!this.#lost) return;
    this.#lost = false;
    const round = this.#round;
    const sends: Promise<unknown>[] = [];
    for (const kind of SUBSCRIPTION_KINDS) {
      const names = this.subscriptions.desired(kind);
      if (names.length === 0) continue;
      for (const batch of this.#batches(kind, names)) {
        sends.push(this.connection.sendPubSub([KINDS[kind].subscribe, ...batch]));
      }
    }
    Promise.allSettled(sends).then((outcomes) => {
      // A newer loss restores again, and its waiters wait for that restore.
      if (round !== this.#round) return;
      let refusal: Error | undefined;
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        if (isLoss(outcome.reason)) return;
        refusal ??= outcome.reason as Error;
      }
      if (refusal === undefined) {
        for (const waiter of this.#restoreWaiters.splice(0)) waiter.resolve();
        const counts = this.subscriptions.confirmedCounts();
        if (resubscribedChannel.hasSubscribers) {
          const event: ResubscribedDiagnostic = { ...this.connection.server, ...counts };
          resubscribedChannel.publish(event);
        }
        this.#hooks.resubscribed(counts);
        return;
      }
      // Part of it refused (MOVED after a slot moved, NOPERM after an ACL change). Whoever
      // waits learns it now: those whose names are all back resolve, the others get the
      // refusal, instead of waiting as long as the connection lives.
      for (const waiter of this.#restoreWaiters.splice(0)) {
        const back = waiter.names.every((name) =>
          this.subscriptions.isConfirmed(waiter.kind, name),
        );
        if (back) waiter.resolve();
        else waiter.reject(refusal);
      }
      this.#hooks.error(refusal);
    });
  }

  #ended(): void {
    this.#detach();
    this.connection.off('end', this.#onEnd);
    for (const waiter of this.#restoreWaiters.splice(0)) waiter.reject(closedBeforeRestore());
    this.#hooks.end();
  }

  /** Settles once `names` are restored after the current loss, or the restore refused them. */
  #restored(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void> {
    if (this.connection.status === 'closed') return Promise.reject(closedBeforeRestore());
    return new Promise((resolve, reject) =>
      this.#restoreWaiters.push({ kind, names, resolve, reject }),
    );
  }
}

/** A subscribe whose command died with the socket, waiting for the restore to cover it. */
interface RestoreWaiter {
  readonly kind: SubscriptionKind;
  readonly names: readonly ChannelName[];
  resolve(): void;
  reject(error: Error): void;
}

function closedBeforeRestore(): ConnectionError {
  return new ConnectionError('The subscriber closed before its subscriptions were restored', {
    code: 'REDWIRE_CONNECTION_CLOSED',
  });
}
