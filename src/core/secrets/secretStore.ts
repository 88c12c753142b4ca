/** Where secrets live. Implementations: the OS keychain, VS Code SecretStorage, memory (tests). */
export interface SecretStore {
  /** Human-readable place, shown to users: e.g. "the OS keychain (Secret Service)". */
  readonly description: string;
  readonly kind: 'keychain' | 'vscode' | 'memory';
  /** The secret, or undefined when there is none. */
  get(account: string): Promise<string | undefined>;
  /** Stores (or overwrites) the secret; resolves only once it is stored. */
  set(account: string, secret: string): Promise<void>;
  /** Removes the secret; false when there was none. */
  delete(account: string): Promise<boolean>;
  /** The accounts of the whmcs-oauth service, sorted, optionally only those starting with `prefix`. */
  accounts(prefix?: string): Promise<string[]>;
}

/**
 * - unavailable: there is no usable store here (no native module, no session bus, no provider).
 * - locked: the store exists but refused access (locked keyring, access denied).
 * - failed: anything else; retrying may help.
 */
export type SecretStoreFailure = 'unavailable' | 'locked' | 'failed';

/**
 * A store failure with what the user can do about it. Its message and hint never contain a secret
 * value: callers log and show them as they are.
 */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';

  constructor(
    readonly reason: SecretStoreFailure,
    message: string,
    /** What to do about it, e.g. "Unlock the keyring ...". */
    readonly hint: string,
  ) {
    super(message);
  }
}
