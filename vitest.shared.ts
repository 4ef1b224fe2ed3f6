import { defineConfig } from 'vitest/config';

/** Resolve workspace packages to their TypeScript sources during tests (see each package's `exports`). */
const conditions = ['@dalio-lite/source', 'module', 'node', 'import', 'default'];
/**
 * Server-side (Node) imports resolve as Node does, without the bundler-only `module` condition: with it, a
 * dependency such as @aws-sdk/client-s3 resolves to its `dist-es` build, whose extensionless imports Node cannot load.
 */
const nodeConditions = conditions.filter((condition) => condition !== 'module');

/** The one Vitest configuration every package uses. */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: nodeConditions, externalConditions: ['@dalio-lite/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'deploy/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON results feed the closing "N passed, N failed" line of `npm test` (scripts/test-all.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
