import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    testTimeout: 60_000,
    // The keepers the built CLI starts for the tests' embedded databases close them 5 s after their last
    // command rather than a minute: a run makes hundreds of folders. (The keeper's own tests set theirs.)
    env: { ACCESSCTL_KEEP_OPEN: '5' },
    hookTimeout: 120_000,
    // Two cores: PGlite instances are memory- and CPU-hungry.
    pool: 'forks',
    // A fork runs file after file without restarting: each file no longer pays a process start, the
    // modules' load and PGlite's first compile (about half a second of CPU each). Test files share no
    // state through modules: each makes its own databases and folders (test/support/targets.ts).
    isolate: false,
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
