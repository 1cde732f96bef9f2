/** Jest in ESM mode (the toolkit packages are ESM-only); run through scripts/test.mjs. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The action's log (what @actions/core writes for the runner) stays out of the test output.
  setupFiles: ['<rootDir>/__tests__/helpers/runner-log.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 120000,
};
