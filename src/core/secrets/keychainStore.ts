import { randomUUID } from 'node:crypto';
import type * as Keyring from '@napi-rs/keyring';
import { keychainDescription, keychainError, keychainModuleError, type KeychainFailureContext } from './keychainErrors';
import { KEYCHAIN_SERVICE } from './keychainLayout';
import { SecretStoreError, type SecretStore } from './secretStore';

type KeyringModule = typeof Keyring;

export interface KeychainSecretStoreOptions {
  /** Replaces `require('@napi-rs/keyring')`; for tests. */
  loadKeyring?: () => KeyringModule;
  platform?: NodeJS.Platform;
}

// Pinned, so that without a Secret Service an entry fails loudly instead of landing in the kernel
// keyring, which forgets everything at reboot. Ignored on macOS and Windows.
const ENTRY_OPTIONS: Keyring.EntryOptions = { linux: { store: 'secret-service' } };

/** Accounts that probe() writes; never a layout account (server keys do not start with "."). */
const PROBE_ACCOUNT_PREFIX = '.probe/';

/** The OS keychain: Secret Service on Linux, the Keychain on macOS, Credential Manager on Windows. */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly description: string;
  private readonly platform: NodeJS.Platform;
  private readonly loadKeyring: () => KeyringModule;
  private keyring: KeyringModule | undefined;
  private loadFailure: unknown;

  constructor(options: KeychainSecretStoreOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.description = keychainDescription(this.platform);
    this.loadKeyring = options.loadKeyring ?? requireKeyring;
  }

  async get(account: string): Promise<string | undefined> {
    try {
      const secret = await this.entry(account).getPassword();
      return secret ?? undefined;
    } catch (error) {
      throw this.failure(error, { operation: 'read', account });
    }
  }

  async set(account: string, secret: string): Promise<void> {
    let storedBack: string | null;
    try {
      const entry = this.entry(account);
      await entry.setPassword(secret);
      storedBack = await entry.getPassword();
    } catch (error) {
      throw this.failure(error, { operation: 'store', account, secret });
    }
    // A secret reset on the server exists nowhere else: only report success once it reads back.
    if (storedBack !== secret) {
      throw new SecretStoreError(
        'failed',
        `The secret of "${account}" did not read back from ${this.description} after it was stored.`,
        'Another program may be changing this entry, or the keychain did not keep it: check the keychain and try again.',
      );
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.entry(account).deleteCredential();
    } catch (error) {
      throw this.failure(error, { operation: 'delete', account });
    }
  }

  async accounts(prefix = ''): Promise<string[]> {
    let credentials: Keyring.Credential[];
    try {
      // The native search also returns every password; they are dropped right here.
      credentials = await this.module().findCredentialsAsync(KEYCHAIN_SERVICE);
    } catch (error) {
      throw this.failure(error, { operation: 'list' });
    }
    const names = credentials
      .map((credential) => credential.account)
      .filter((name) => name.startsWith(prefix) && !name.startsWith(PROBE_ACCOUNT_PREFIX));
    return [...new Set(names)].sort();
  }

  /**
   * Writes, reads back and deletes a throw-away entry, so that the caller knows the keychain really
   * works (bus, provider, unlocked) before trusting it with a secret. Rejects with a SecretStoreError.
   */
  async probe(): Promise<void> {
    const account = PROBE_ACCOUNT_PREFIX + randomUUID();
    const value = randomUUID();
    try {
      const entry = this.entry(account);
      await entry.setPassword(value);
      const readBack = await entry.getPassword();
      await entry.deleteCredential();
      if (readBack !== value) throw new Error('a test entry did not read back after it was stored');
    } catch (error) {
      throw this.failure(error, { operation: 'probe' });
    }
  }

  private entry(account: string): Keyring.AsyncEntry {
    const { AsyncEntry } = this.module();
    // The constructor already talks to D-Bus on Linux and throws when there is no bus or provider.
    return new AsyncEntry(KEYCHAIN_SERVICE, account, ENTRY_OPTIONS);
  }

  /** Loads the native module now (it would load on first use); a failure is kept for that use. */
  preload(): void {
    try {
      this.module();
    } catch {
      // Reported, with its hint, by the first call that needs the keychain.
    }
  }

  /** Loads the native module on first use: activation must not pay for it, or fail because of it. */
  private module(): KeyringModule {
    if (this.keyring) return this.keyring;
    if (this.loadFailure === undefined) {
      try {
        this.keyring = this.loadKeyring();
        return this.keyring;
      } catch (error) {
        this.loadFailure = error ?? new Error('unknown error');
      }
    }
    throw keychainModuleError(this.loadFailure, this.platform);
  }

  private failure(error: unknown, context: KeychainFailureContext): SecretStoreError {
    if (error instanceof SecretStoreError) return error;
    return keychainError(error, { ...context, platform: this.platform });
  }
}

function requireKeyring(): KeyringModule {
  // A plain require keeps the module external in the esbuild bundle and out of activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@napi-rs/keyring') as KeyringModule;
}
