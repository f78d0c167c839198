import type { DockerComposeEnvironment, Wait } from 'testcontainers';
import type { DockerComposePlan } from './docker-compose-plan.js';

/** The part of the `testcontainers` module the harness uses, so it can be imported lazily. */
export interface TestcontainersModule {
  readonly DockerComposeEnvironment: typeof DockerComposeEnvironment;
  readonly Wait: typeof Wait;
}

/**
 * Builds the testcontainers compose environment a plan describes: the project name, one
 * composite wait per node (its declared health check and every command) and the startup bound.
 * Nothing runs until `up()`.
 */
export function composeEnvironment(
  plan: DockerComposePlan,
  testcontainers: TestcontainersModule,
): DockerComposeEnvironment {
  const { DockerComposeEnvironment: Environment, Wait: waits } = testcontainers;
  const environment = new Environment(plan.composeDir, plan.composeFile)
    .withProjectName(plan.projectName)
    .withStartupTimeout(plan.startupTimeoutMs);
  for (const wait of plan.waits) {
    const strategies = [
      ...(wait.healthCheck ? [waits.forHealthCheck()] : []),
      ...wait.commands.map((command) => waits.forSuccessfulCommand(command)),
    ];
    environment.withWaitStrategy(wait.container, waits.forAll(strategies));
  }
  return environment;
}
