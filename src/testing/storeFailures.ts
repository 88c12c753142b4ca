// Writes to one kind of secret store made to fail, for the extension-host tests of "every store
// failed": VS Code Secret Storage cannot be made to fail from outside (code-server keeps secrets
// in the browser's local storage and never reports a failed save). Test builds only.
import type { SecretStore } from '../core/secrets/secretStore';

export class InjectedStoreFailures {
  private readonly failures = new Map<SecretStore['kind'], string>();

  /** Makes writes to this kind of store fail with `message`; undefined: they work again. */
  set(kind: SecretStore['kind'], message: string | undefined): void {
    if (message === undefined) this.failures.delete(kind);
    else this.failures.set(kind, message);
  }

  /** The store as the extension writes new secrets to it. */
  readonly writeThrough = (store: SecretStore): SecretStore => {
    const message = this.failures.get(store.kind);
    if (message === undefined) return store;
    return {
      description: store.description,
      kind: store.kind,
      get: (account) => store.get(account),
      set: () => Promise.reject(new Error(message)),
      delete: (account) => store.delete(account),
      accounts: (prefix) => store.accounts(prefix),
    };
  };
}
