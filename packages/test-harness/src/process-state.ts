import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * What the kernel says about a process: `stopped` after SIGSTOP, `zombie` once it has exited
 * but its parent has not collected it (it holds no port and runs no code), `gone` when absent.
 */
export type ProcessState = 'running' | 'stopped' | 'zombie' | 'gone';

/** A process and its start time, so a reused PID is not mistaken for it. */
export interface ProcessIdentity {
  readonly pid: number;
  /** Start time in clock ticks since boot (`/proc/<pid>/stat` field 22), `null` without /proc. */
  readonly startTime: string | null;
}

const HAS_PROC = existsSync('/proc/self/stat');

/**
 * Parses `/proc/<pid>/stat`. The command name sits in parentheses and may itself contain spaces
 * and parentheses, so fields are counted from the last `)`.
 */
export function parseProcStat(text: string): { state: string; startTime: string } | null {
  const end = text.lastIndexOf(')');
  if (end === -1) return null;
  // After ")": field 3 (state) is index 0 and field 22 (starttime) index 19.
  const fields = text.slice(end + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19];
  if (state === undefined || startTime === undefined) return null;
  return { state, startTime };
}

/** Maps a kernel state letter (`R`, `S`, `T`, `Z`, ...) to a {@link ProcessState}. */
export function stateFromLetter(letter: string): ProcessState {
  if (letter.startsWith('Z') || letter.startsWith('X')) return 'zombie';
  if (letter.startsWith('T')) return 'stopped';
  return 'running';
}

/** The current state of `pid`. Uses /proc on Linux and `ps` elsewhere. */
export function processState(pid: number): ProcessState {
  if (HAS_PROC) {
    const stat = readProc(pid, 'stat');
    const parsed = stat === undefined ? null : parseProcStat(stat);
    return parsed === null ? 'gone' : stateFromLetter(parsed.state);
  }
  const letter = ps(pid, 'stat=');
  return letter === undefined ? 'gone' : stateFromLetter(letter);
}

/** Whether `pid` still runs code (running or stopped, not a zombie). */
export function isAlive(pid: number): boolean {
  const state = processState(pid);
  return state === 'running' || state === 'stopped';
}

/** The identity of a live process, for records that outlive it. */
export function processIdentity(pid: number): ProcessIdentity {
  if (!HAS_PROC) return { pid, startTime: null };
  const stat = readProc(pid, 'stat');
  return { pid, startTime: (stat === undefined ? null : parseProcStat(stat))?.startTime ?? null };
}

/** Whether the process named by `identity` still lives (and its PID was not reused). */
export function isIdentityAlive(identity: ProcessIdentity): boolean {
  if (!isAlive(identity.pid)) return false;
  if (identity.startTime === null) return true;
  return processIdentity(identity.pid).startTime === identity.startTime;
}

/**
 * Whether `pid` is a redis-server serving `port`. Checked before every signal sent to a PID
 * read from a file, so a reused PID never gets killed.
 */
export function isRedisServer(pid: number, port: number): boolean {
  const raw = HAS_PROC ? readProc(pid, 'cmdline') : ps(pid, 'command=');
  return raw !== undefined && servesPort(raw.replaceAll('\0', ' '), port);
}

/**
 * Whether a process's command line is that of a redis-server serving `port`. redis-server
 * rewrites its title to `redis-server 127.0.0.1:PORT [cluster]` (the TLS port when `--port 0`);
 * before that its arguments still hold `--port PORT` or, for a TLS-only server, `--tls-port PORT`.
 */
export function servesPort(commandLine: string, port: number): boolean {
  return (
    commandLine.includes('redis-server') &&
    new RegExp(`(:|--port |--tls-port )${port}(\\s|$)`).test(commandLine)
  );
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function ps(pid: number, format: string): string | undefined {
  try {
    const out = execFileSync('ps', ['-o', format, '-p', String(pid)], { encoding: 'utf8' }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}
