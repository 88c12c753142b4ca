// What the CLI needs from its process, so tests can run it in-process or as a process.
import type { SecretStore } from '../core/secrets/secretStore';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The keychain; created on first use so that commands which need none never load it. */
  secretStore: () => SecretStore;
  /** All of standard input, for a secret given as `-`; called at most once. */
  readStdin: () => Promise<string>;
  version: string;
  /** Opens a URL in the person's browser; false when it could not (test-sign-in). */
  openUrl?: ((url: string) => Promise<boolean>) | undefined;
  /** Calls `handler` on Ctrl+C (or SIGTERM) until the returned function is called. */
  onInterrupt?: ((handler: () => void) => () => void) | undefined;
}
