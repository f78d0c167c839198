import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A cluster node also listens on its port plus this offset, for the cluster bus. */
export const CLUSTER_BUS_OFFSET = 10_000;

/** An inclusive range of port numbers. */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

const LINUX_EPHEMERAL: PortRange = { min: 32_768, max: 60_999 };
const FALLBACK: PortRange = { min: 12_000, max: 21_999 };

/**
 * The range the harness picks server ports from, given the kernel's ephemeral range.
 *
 * Both a port and its bus port (+10000) sit below the ephemeral range, where the kernel never
 * hands out outgoing connections' local ports, and the range is under 10000 wide so no port
 * of one node can be another node's bus port.
 */
export function harnessPortRange(ephemeral: PortRange): PortRange {
  const max = ephemeral.min - 1 - CLUSTER_BUS_OFFSET;
  const min = max - (CLUSTER_BUS_OFFSET - 1);
  // An unusual ephemeral range leaves no room below it: take a fixed range and rely on the
  // bind check and the start retry alone.
  return min < 1024 ? FALLBACK : { min, max };
}

/** Reads the kernel's ephemeral range (Linux), or the usual default. */
export function readEphemeralRange(): PortRange {
  try {
    const [min, max] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (min !== undefined && max !== undefined && min > 0 && max >= min) return { min, max };
  } catch {
    // Not Linux: fall through.
  }
  return LINUX_EPHEMERAL;
}

/** Whether nothing listens on `host:port`, found by binding it for a moment. */
export function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Options of {@link allocatePort}. */
export interface AllocatePortOptions {
  readonly host: string;
  /** Whether port + 10000 must be free too (cluster nodes). */
  readonly withBusPort: boolean;
  /** Claims a port across processes; returns false when another claim holds it. */
  readonly reserve: (port: number) => boolean;
  /** Releases a claim that turned out to be unusable. */
  readonly release: (port: number) => void;
  /** Source of randomness in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** @default harnessPortRange(readEphemeralRange()) */
  readonly range?: PortRange;
  /** Candidates tried before giving up. @default 200 */
  readonly attempts?: number;
}

/**
 * Finds a free port (and bus port), claimed for this run.
 *
 * The claim comes first, so two runs on one machine never test the same candidate at once; the
 * bind check then weeds out ports other programs hold. A program may still take the port before
 * redis-server binds it: the server start retries on another port when its log says so.
 *
 * @throws Error when no candidate was free.
 */
export async function allocatePort(options: AllocatePortOptions): Promise<number> {
  const range = options.range ?? harnessPortRange(readEphemeralRange());
  const random = options.random ?? Math.random;
  const attempts = options.attempts ?? 200;
  for (let i = 0; i < attempts; i++) {
    const port = range.min + Math.floor(random() * (range.max - range.min + 1));
    if (!options.reserve(port)) continue;
    const free =
      (await canBind(options.host, port)) &&
      (!options.withBusPort || (await canBind(options.host, port + CLUSTER_BUS_OFFSET)));
    if (free) return port;
    options.release(port);
  }
  throw new Error(
    `No free port in ${range.min}-${range.max} on ${options.host} after ${attempts} tries`,
  );
}
