// `npm run mutation` (StrykerJS, never part of `npm test`): the core and the secret handling are
// changed one small mutation at a time and the tests that run that code must fail on each. The
// score and the mutants that survive are explained in docs/mutation.md.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/core/whmcs/**/*.ts', 'src/core/secrets/**/*.ts', 'src/cli/**/*.ts'],
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    // The unit tests and the integration tests that run the mutated code: the client, the form's
    // save, the keychain, and the CLI in-process and as a real process (support/mutationChild.ts
    // gives it the mutant and reports what it covered). Sandbox, browser and end-to-end suites are
    // left out.
    // Listed cheapest first: a mutant runs the files that executed it in this order and stops at
    // the first failure, so most mutants die in the unit tests.
    testFiles: [
      'test/unit/*.test.ts',
      'test/integration/cli-run.test.ts',
      'test/integration/credential-update.test.ts',
      'test/integration/form-save.test.ts',
      'test/integration/echoed-secrets.test.ts',
      'test/integration/redirect.test.ts',
      'test/integration/proxy-credentials.test.ts',
      'test/integration/cli-origin.test.ts',
      'test/integration/keychain.test.ts',
      'test/integration/client.test.ts',
      'test/integration/cli.test.ts',
      'test/integration/fault-matrix.test.ts',
      'test/integration/cli-faults.test.ts',
    ],
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', '--import', 'tsx', '{{testFile}}'],
    forceBail: true,
  },
  // dist/cli.js from the mutated sources, for the tests that run the CLI as a process.
  buildCommand: 'node scripts/build.mjs',
  // Each mutant runs only the test files that executed it, fastest first, stopping at the first failure.
  coverageAnalysis: 'perTest',
  // 2 cores shared with other work: one test process at a time (the script also runs under nice).
  concurrency: 1,
  // Later runs test again only the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  ignorePatterns: ['dist', 'out', 'test-artifacts', 'reports', '*.vsix'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
};
