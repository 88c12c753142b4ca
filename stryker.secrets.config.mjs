// `npm run mutation:secrets`: the part of `npm run mutation` that handles secrets, small enough
// for one sitting on a busy 2-core machine: the secret stores and the keychain, redaction, the
// reset (fingerprint, send, recovery of a lost answer), and how the CLI reads and keeps secrets.
// Shares the incremental file, so a later full run re-tests only what this one did not.
// @ts-check
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    'src/core/secrets/**/*.ts',
    'src/core/whmcs/redact.ts',
    // secretFingerprint, readClientSecret, the update's reset branch and resetSecret
    'src/core/whmcs/oauthCredentials.ts:67-69',
    'src/core/whmcs/oauthCredentials.ts:86-90',
    'src/core/whmcs/oauthCredentials.ts:128-164',
    // checkReset, #sendReset and mayHaveApplied
    'src/core/whmcs/oauthCredentials.ts:212-247',
    'src/core/whmcs/oauthCredentials.ts:319-323',
    'src/cli/secretSources.ts',
    // keepSecret: where a new secret goes before anything is printed
    'src/cli/run.ts:182-216',
  ],
};
