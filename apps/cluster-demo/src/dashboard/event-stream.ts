/**
 * Server-sent events to the dashboard pages: a bounded set of open responses, each sent the
 * same messages. A response leaves the set when its client goes away; `close()` ends them all,
 * so a server draining for shutdown never waits on a page left open. A client that does not
 * keep up (its socket buffer past `maxBuffered`) misses messages instead of growing memory: each
 * message is a whole snapshot, so the next one repairs it.
 */
import type { ServerResponse } from 'node:http';

/** Limits of an `EventStream`. */
export interface EventStreamOptions {
  /** Open streams at most; one more is refused. @defaultValue 64 */
  readonly maxClients?: number;
  /** Bytes waiting in a client's socket past which its messages are skipped. @defaultValue 65536 */
  readonly maxBuffered?: number;
  /** Milliseconds an EventSource waits before reconnecting after the stream ends. @defaultValue 2000 */
  readonly retry?: number;
}

/** The open event streams of one service. */
export class EventStream {
  readonly #clients = new Set<ServerResponse>();
  readonly #maxClients: number;
  readonly #maxBuffered: number;
  readonly #retry: number;
  #closed = false;

  constructor(options: EventStreamOptions = {}) {
    this.#maxClients = options.maxClients ?? 64;
    this.#maxBuffered = options.maxBuffered ?? 65_536;
    this.#retry = options.retry ?? 2_000;
  }

  /** Streams open now. */
  get size(): number {
    return this.#clients.size;
  }

  /**
   * Starts an event stream on `response` (whose request the caller took over from the
   * framework) and sends it `first`. Refuses with 503 once closed or full.
   * @returns whether the stream was opened
   */
  open(response: ServerResponse, first: unknown): boolean {
    if (this.#closed || this.#clients.size >= this.#maxClients) {
      response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
      response.end(this.#closed ? 'shutting down\n' : 'too many dashboards open\n');
      return false;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // One stream per connection: when it ends, the socket closes with it.
      connection: 'close',
    });
    response.write(`retry: ${this.#retry}\n\n`);
    this.#clients.add(response);
    response.once('close', () => this.#clients.delete(response));
    this.#write(response, frame(first));
    return true;
  }

  /** Sends `data` (as JSON) to every open stream. */
  send(data: unknown): void {
    if (this.#clients.size === 0) return;
    const text = frame(data);
    for (const client of this.#clients) this.#write(client, text);
  }

  /** Ends every stream and refuses new ones. */
  close(): void {
    this.#closed = true;
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(client: ServerResponse, text: string): void {
    if (client.writableLength > this.#maxBuffered) return;
    client.write(text);
  }
}

/** One SSE message: JSON has no raw newline, so it fits one `data:` line. */
function frame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}
