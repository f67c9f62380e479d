import { defineConfig } from 'vitest/config';

// Tests run on a busy 2-core machine: no timing assertions, generous timeouts, files isolated in forks
// so each file may own process.env and its own local stage.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // Hooks that synthesise the whole CDK app are CPU-bound; this bounds hangs, not speed.
    hookTimeout: 180_000,
    setupFiles: ['test/support/setup.ts'],
  },
});
