import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing running (no Java, no network) and take seconds;
// integration tests share one local stack started once for the run (test/setup/local-stack.ts).
export default defineConfig({
  test: {
    // Two cores, but integration tests mostly wait on DynamoDB Local, serverless offline and the
    // CLIs they spawn: a third worker took the suite from 467 to 417 s (2026-12-02), with no new failures.
    maxWorkers: 3,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One DynamoDB Local and one serverless offline for the whole run.
          globalSetup: ['test/setup/local-stack.ts'],
          hookTimeout: 180_000,
          testTimeout: 30_000,
        },
      },
    ],
  },
});
