import { defineConfig } from 'vitest/config';

// Tests run on sources: the `@redwire/source` condition (also in tsconfig.base.json's
// customConditions) resolves each sibling package to its src/index.ts, so no build is needed.
// Vitest resolves in Vite's server environment, whose conditions live under `ssr`; the other
// entries are Vite's defaults, which setting the list would otherwise drop.
const conditions = ['@redwire/source', 'module', 'node', 'development|production'];
const resolve = { conditions };
const ssr = { resolve: { conditions } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: [
            'packages/*/src/**/*.integration.test.ts',
            'apps/*/src/**/*.integration.test.ts',
            'tests/**/*.integration.test.ts',
          ],
          // Starts one standalone server and one six-node cluster for the whole run and stops
          // them by PID afterwards, whatever the outcome.
          globalSetup: ['packages/test-harness/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Fault tests stop and fail over nodes of the shared cluster: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
