import type { SecretStore } from './secretStore';

/** Secrets in a Map, gone when the process ends: for tests of the modules that use a SecretStore. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly description = 'memory (lost when the process ends)';
  private readonly secrets = new Map<string, string>();

  constructor(initial: Iterable<readonly [account: string, secret: string]> = []) {
    for (const [account, secret] of initial) this.secrets.set(account, secret);
  }

  async get(account: string): Promise<string | undefined> {
    return this.secrets.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  async accounts(prefix = ''): Promise<string[]> {
    return [...this.secrets.keys()].filter((account) => account.startsWith(prefix)).sort();
  }
}
