/**
 * The one shape every client under test is wrapped into, so the workloads stay generic. The
 * peers' adapters (ioredis.ts, node-redis.ts) are shared by every benchmark that drives a
 * client over a socket, so each peer is set up the same way wherever it is measured.
 */

import type { ServerAddress } from '@redwire/test-harness/servers';

/** The two commands of the workload, answered as each library answers them by default. */
export interface KeyValueClient {
  /** Resolves to the value as a string, or null for a missing key. */
  get(key: string): Promise<unknown>;
  /** Resolves to the server's 'OK'. */
  set(key: string, value: string): Promise<unknown>;
  close(): Promise<void>;
  /**
   * The first error the library reported outside a command's promise (an 'error' event, a
   * reconnect), checked after every run: such a run measured something else.
   */
  failure(): Error | undefined;
}

/** One command of a pipeline: the two the benchmarks use, so every client can take them. */
export type PipelineCommand = readonly ['SET', string, string] | readonly ['GET', string];

/** A client that can also send recorded commands as one pipeline, through its own API. */
export interface PipeliningClient extends KeyValueClient {
  /**
   * Sends `commands` with the library's pipeline API and resolves to their replies in order,
   * as plain values; rejects if any command failed.
   */
  pipeline(commands: readonly PipelineCommand[]): Promise<unknown[]>;
  /** MGET through the library's own method; resolves to the values in key order. */
  mget(keys: readonly string[]): Promise<unknown[]>;
}

export interface ClientContender<Client extends KeyValueClient = KeyValueClient> {
  /** Short name for the table. */
  readonly name: string;
  /** Package, version and the settings that matter, for the results header. */
  readonly source: string;
  /** Opens exactly one connection and resolves once it is ready for commands. */
  connect(address: ServerAddress): Promise<Client>;
}

export class ContenderFailure extends Error {
  override readonly name = 'ContenderFailure';
}

/** A library object that reports errors as 'error' events. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Records the first error a library emits as an event. A listener is needed anyway (an
 * unheard 'error' event kills the process), and a silent one would let a run with a
 * reconnect in it pass for a slow run.
 */
export class FirstError {
  #error: Error | undefined;

  /** A recorder already listening to the 'error' event of every emitter given. */
  static of(...emitters: readonly ErrorEmitter[]): FirstError {
    const errors = new FirstError();
    for (const emitter of emitters) emitter.on('error', errors.listener);
    return errors;
  }

  readonly listener = (error: Error): void => {
    this.#error ??= error;
  };

  get error(): Error | undefined {
    return this.#error;
  }
}
