// Version 0.1.0 named a server in keychain accounts without its scheme (and meant https). This
// store reads such entries as the https server's, so nobody has to enter a secret again, and lets
// them disappear as secrets are written or deleted. An http server never reads one: that would
// send a secret kept for https over plain http.
import { accountOfLegacy, legacyAccount } from './keychainLayout';
import type { SecretStore } from './secretStore';

export class LegacyAccountsStore implements SecretStore {
  readonly kind: SecretStore['kind'];
  readonly description: string;

  constructor(private readonly store: SecretStore) {
    this.kind = store.kind;
    this.description = store.description;
  }

  async get(account: string): Promise<string | undefined> {
    const secret = await this.store.get(account);
    if (secret !== undefined) return secret;
    const legacy = legacyAccount(account);
    return legacy === undefined ? undefined : this.store.get(legacy);
  }

  /** Writes the current account; a 0.1.0 entry would only hold an older value, so it goes. */
  async set(account: string, secret: string): Promise<void> {
    await this.store.set(account, secret);
    const legacy = legacyAccount(account);
    if (legacy !== undefined) await this.store.delete(legacy).catch(() => false);
  }

  async delete(account: string): Promise<boolean> {
    const legacy = legacyAccount(account);
    const [current, old] = await Promise.all([this.store.delete(account), legacy === undefined ? false : this.store.delete(legacy)]);
    return current || old;
  }

  /** Current accounts, plus 0.1.0 ones under their current names, sorted and without repeats. */
  async accounts(prefix = ''): Promise<string[]> {
    const legacyPrefix = legacyAccount(prefix);
    // One listing for both names: the keychain's search returns the whole service anyway.
    const all = await this.store.accounts();
    const current = all.filter((name) => name.startsWith(prefix));
    const old = legacyPrefix === undefined ? [] : all.filter((name) => name.startsWith(legacyPrefix));
    // A 0.1.0 prefix also lists newer accounts that happen to start like it: keep only layout
    // accounts without a scheme.
    const migrated = old.filter((name) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(name)).map(accountOfLegacy);
    return [...new Set([...current, ...migrated])].sort();
  }
}
