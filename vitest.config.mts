import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing running (no Java, no network) and take seconds;
// integration tests share one local stack started once for the run (test/setup/local-stack.ts).
export default defineConfig({
  test: {
    // Two cores: more workers only contend with DynamoDB Local and serverless offline.
    maxWorkers: 2,
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
