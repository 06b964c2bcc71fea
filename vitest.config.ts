import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on subprocesses, sockets and real servers rather than compute: on a 2-core machine the
    // default (cores - 1 = one worker) leaves a core idle most of the run.
    maxWorkers: 3,
    // Files share a worker's module cache: each worker loads the MCP SDK, zod and our modules once, not once a file.
    // No file mocks modules; the few that stub env or globals restore them.
    isolate: false,
  },
});
