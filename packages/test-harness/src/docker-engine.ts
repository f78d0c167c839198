/** Whether a Docker engine answers, as testcontainers finds one. */
export type DockerEngineProbe =
  | { readonly available: true; readonly host: string }
  | { readonly available: false; readonly reason: string };

/**
 * Asks testcontainers for a container runtime (DOCKER_HOST, ~/.testcontainers.properties, the
 * usual sockets). testcontainers is imported here, lazily, so a native run never loads it.
 * Never rejects: no engine is an answer, with testcontainers' reason.
 */
export async function probeDockerEngine(): Promise<DockerEngineProbe> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    return { available: true, host: client.info.containerRuntime.host };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Whether containers' published ports are reachable on this machine's loopback, which the
 * nodes' announced `127.0.0.1` addresses need (a remote `DOCKER_HOST` publishes elsewhere).
 */
export function isLocalEngineHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', 'host.docker.internal'].includes(host);
}
