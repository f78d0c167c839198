/**
 * Every type a published package's API names can be named by its users: exported from the
 * package, or from the package it comes from. TypeDoc's `notExported` check says so, run on each
 * package alone: over all packages at once, as the API pages are built, it passes a type no
 * package exports without a word (seen with TypeDoc 0.28), so the site's build cannot be the
 * check.
 */
import { Application, Logger, LogLevel } from 'typedoc';
import { describe, expect, it } from 'vitest';

/**
 * The packages with an API of their own (`redwire` only re-exports them), and the types each
 * names on purpose without exporting them.
 */
const PACKAGES: Record<string, readonly string[]> = {
  protocol: [],
  connection: [],
  pubsub: [],
  // Type-level plumbing: how a method's reply type follows from its call's arguments.
  client: ['ClientMethod', 'Arg', 'Field', 'IfGiven', 'IfFlag'],
  cluster: [],
  cache: [],
  otel: [],
};

/** TypeDoc's warnings and errors, kept rather than printed. */
class Collected extends Logger {
  readonly messages: string[] = [];

  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

/** What TypeDoc's checks say of one package's entry point: empty when all is well. */
async function exportProblems(name: string, intentionallyNotExported: readonly string[]) {
  const app = await Application.bootstrap({
    entryPoints: [`packages/${name}/src/index.ts`],
    tsconfig: 'tsconfig.typedoc.json',
    excludeInternal: true,
    intentionallyNotExported: [...intentionallyNotExported],
    validation: { notExported: true, invalidLink: false, notDocumented: false },
    logLevel: LogLevel.Warn,
  });
  const logger = new Collected();
  app.logger = logger;
  const project = await app.convert();
  if (project === undefined) return [`${name}: TypeDoc could not convert it`, ...logger.messages];
  app.validate(project);
  return logger.messages.map((message) => `${name}: ${message}`);
}

describe('public API types', () => {
  it.each(Object.entries(PACKAGES))(
    '@redwire/%s exports every type its API names',
    async (name, intentional) => {
      expect(await exportProblems(name, intentional)).toEqual([]);
    },
    120_000,
  );
});
