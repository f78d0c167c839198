import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessIdentity } from './process-state.js';

/** One server the harness started (or is about to start), as written in the state directory. */
export interface ServerRecord {
  readonly port: number;
  /** The server's temporary directory; `null` until it exists. */
  readonly dir: string | null;
  /** The redis-server's PID; `null` until spawned. A restart from a test worker rewrites it. */
  readonly pid: number | null;
  /** The process of the run (vitest's main process, the demo CLI) that must stop this server. */
  readonly owner: ProcessIdentity;
}

/** The default state directory, shared by every run on this machine. */
export function defaultRegistryDir(): string {
  return join(tmpdir(), 'redwire-servers');
}

/**
 * The state directory: one `<port>.json` file per server started by any harness run on this
 * machine. Creating the file exclusively is what reserves the port, so concurrent runs never
 * pick the same one; the records let a later run reap servers whose run died, and let the run
 * find nodes that a test worker restarted under a new PID.
 */
export class ServerRegistry {
  /** The directory holding the records. */
  readonly dir: string;

  constructor(dir: string = defaultRegistryDir()) {
    this.dir = dir;
  }

  /** Creates the record for `port`; returns false when another record holds the port. */
  reserve(record: ServerRecord): boolean {
    mkdirSync(this.dir, { recursive: true });
    try {
      writeFileSync(this.#file(record.port), JSON.stringify(record), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  /** The record for `port`, or undefined. */
  get(port: number): ServerRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.#file(port), 'utf8')) as ServerRecord;
    } catch {
      return undefined;
    }
  }

  /** Rewrites fields of an existing record. Written via rename so readers never see half a file. */
  update(port: number, patch: Partial<Pick<ServerRecord, 'dir' | 'pid'>>): void {
    const current = this.get(port);
    if (current === undefined) throw new Error(`No server record for port ${port} in ${this.dir}`);
    const temporary = `${this.#file(port)}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify({ ...current, ...patch }));
    renameSync(temporary, this.#file(port));
  }

  /** Deletes the record for `port`, releasing the port. */
  remove(port: number): void {
    rmSync(this.#file(port), { force: true });
  }

  /** Every record. Synchronous, so the `exit` handler can use it. */
  list(): ServerRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const records: ServerRecord[] = [];
    for (const name of names) {
      const port = /^(\d+)\.json$/.exec(name)?.[1];
      const record = port === undefined ? undefined : this.get(Number(port));
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  #file(port: number): string {
    return join(this.dir, `${port}.json`);
  }
}
