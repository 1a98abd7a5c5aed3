import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local and one serverless offline for the whole run (test/setup/local-stack.ts).
    globalSetup: ['test/setup/local-stack.ts'],
    hookTimeout: 180_000,
    testTimeout: 30_000,
    // Two cores: more workers only contend with DynamoDB Local and serverless offline.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
