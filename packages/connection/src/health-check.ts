/**
 * Detects a dead peer on an idle connection. Every `interval` ms without traffic it sends a
 * PING; if the next tick comes and nothing at all arrived since (not even that PING's reply),
 * the peer is declared dead and the socket destroyed, which starts a reconnect. Traffic of any
 * kind counts as life, so a busy connection sends no PINGs.
 */
import { ConnectionError } from './errors.js';

export interface HealthCheckActions {
  ping(): void;
  dead(error: ConnectionError): void;
}

export class HealthCheck {
  readonly #interval: number | false;
  readonly #actions: HealthCheckActions;
  #timer: NodeJS.Timeout | undefined;
  #traffic = false;
  #pingOutstanding = false;

  constructor(interval: number | false, actions: HealthCheckActions) {
    this.#interval = interval;
    this.#actions = actions;
  }

  start(): void {
    if (this.#interval === false) return;
    this.stop();
    this.#traffic = false;
    this.#pingOutstanding = false;
    this.#timer = setInterval(() => this.#tick(), this.#interval);
    // The socket keeps the process alive while it is open; the check must not on its own.
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  sawTraffic(): void {
    this.#traffic = true;
  }

  #tick(): void {
    if (this.#traffic) {
      this.#traffic = false;
      this.#pingOutstanding = false;
      return;
    }
    if (this.#pingOutstanding) {
      this.stop();
      this.#actions.dead(
        new ConnectionError(`No reply to the health-check PING within ${this.#interval} ms`),
      );
      return;
    }
    this.#pingOutstanding = true;
    this.#actions.ping();
  }
}
