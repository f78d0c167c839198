/**
 * The local six-node cluster for `npm run demo`, started the way `npm run demo` always has: the
 * test harness's CLI (`cli.ts cluster`), in a child process of its own, whose table of nodes is
 * shown as it prints it. The child gets a process group of its own so a Ctrl-C in the terminal
 * reaches the demo only, which then closes the service before it stops the cluster.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running cluster started through the harness CLI. */
export interface LocalClusterProcess {
  /** The nodes as `host:port`, from the CLI's `Seed nodes:` line. */
  readonly seeds: readonly string[];
  /** Stops every server (SIGTERM to the CLI, which stops them by PID) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts the cluster and resolves once the CLI printed its seed nodes.
 * @throws Error when the CLI exits before that (its own output says why)
 */
export async function startLocalCluster(
  print: (line: string) => void = console.log,
): Promise<LocalClusterProcess> {
  const harnessDir = dirname(dirname(fileURLToPath(import.meta.resolve('@redwire/test-harness'))));
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'cli.ts'), 'cluster'], {
    cwd: harnessDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // If the demo dies without stopping it, the CLI still stops its servers on SIGTERM.
  const killOnExit = () => signal(child, 'SIGTERM');
  process.on('exit', killOnExit);
  const exited = once(child, 'exit');

  const seeds = await new Promise<string[]>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      // The CLI's own prompt is about its Ctrl-C, which the demo handles instead.
      if (!line.startsWith('Press Ctrl-C')) print(line);
      const match = /^Seed nodes: (.+)$/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1].split(','));
    });
    child.once('exit', (code) =>
      reject(new Error(`the cluster did not start (exit code ${code})`)),
    );
  });

  return {
    seeds,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        signal(child, 'SIGTERM');
        await exited;
      }
      process.off('exit', killOnExit);
    },
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    child.kill(name);
  } catch {
    // Already gone.
  }
}
