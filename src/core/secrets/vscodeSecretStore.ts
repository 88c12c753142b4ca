// The fallback store: VS Code's SecretStorage (encrypted by VS Code, per user and machine), used
// when the OS keychain is unavailable or the user chose it. Typed structurally so this folder
// needs no vscode import. SecretStorage cannot list keys, so the account names (never values) are
// kept in an index in the extension's global state.
import type { SecretStore } from './secretStore';

/** The parts of vscode.SecretStorage used here. */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The parts of vscode.Memento used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY_PREFIX = 'whmcs-oauth:';
const INDEX_KEY = 'whmcsOAuth.secretStorageAccounts';

export class VscodeSecretStore implements SecretStore {
  readonly kind = 'vscode';
  readonly description = 'VS Code Secret Storage';

  constructor(
    private readonly storage: SecretStorageLike,
    private readonly index: MementoLike,
  ) {}

  async get(account: string): Promise<string | undefined> {
    return (await this.storage.get(KEY_PREFIX + account)) ?? undefined;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.storage.store(KEY_PREFIX + account, secret);
    if ((await this.storage.get(KEY_PREFIX + account)) !== secret) {
      throw new Error(`The secret of "${account}" did not read back from VS Code Secret Storage.`);
    }
    const names = this.names();
    if (!names.includes(account)) await this.index.update(INDEX_KEY, [...names, account].sort());
  }

  async delete(account: string): Promise<boolean> {
    const existed = (await this.storage.get(KEY_PREFIX + account)) !== undefined;
    await this.storage.delete(KEY_PREFIX + account);
    await this.index.update(INDEX_KEY, this.names().filter((name) => name !== account));
    return existed;
  }

  async accounts(prefix = ''): Promise<string[]> {
    return this.names().filter((name) => name.startsWith(prefix));
  }

  private names(): string[] {
    return this.index.get<string[]>(INDEX_KEY) ?? [];
  }
}
