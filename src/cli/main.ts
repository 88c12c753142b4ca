// The `whmcs-oauth` executable. The keychain module is loaded only by commands that need it.
import { runCli } from './run';
import { UsageError } from './usageError';
import { KeychainSecretStore } from '../core/secrets/keychainStore';
import { LegacyAccountsStore } from '../core/secrets/legacyAccounts';
import type { SecretStore } from '../core/secrets/secretStore';

declare const WHMCS_OAUTH_VERSION: string;

let store: SecretStore | undefined;
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  secretStore: () => (store ??= new LegacyAccountsStore(new KeychainSecretStore())),
  readStdin: async () => {
    // A terminal would echo the secret on screen (and wait for Ctrl+D): only a pipe or file is read.
    if (process.stdin.isTTY) {
      throw new UsageError('standard input is a terminal, where the secret would be shown: pipe it in (e.g. pass show whmcs | whmcs-oauth ... --secret-file -)');
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  version: typeof WHMCS_OAUTH_VERSION === 'string' ? WHMCS_OAUTH_VERSION : 'dev',
  // Only while a sign-in test waits: it must unregister its redirect URI before the process ends.
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`whmcs-oauth: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
