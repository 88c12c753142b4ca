// Which store holds the secrets, and how a secret that exists nowhere else is kept: the chosen
// store first, then the other one, and only if both fail does the caller have to show it.
import type { SecretStore } from './secretStore';

export type StorePreference = 'auto' | 'keychain' | 'vscode';

export interface StoreChoice {
  store: SecretStore;
  /** Set when `auto` wanted the keychain but had to fall back: what failed, for the user. */
  fallbackReason?: string;
  fallbackHint?: string;
}

/**
 * `auto`: the OS keychain when it works (probed once), else VS Code Secret Storage.
 * `keychain` / `vscode`: that store, no probing.
 */
export async function chooseSecretStore(
  preference: StorePreference,
  keychain: () => SecretStore & { probe(): Promise<void> },
  vscodeStore: () => SecretStore,
): Promise<StoreChoice> {
  if (preference === 'vscode') return { store: vscodeStore() };
  if (preference === 'keychain') return { store: keychain() };
  try {
    const store = keychain();
    await store.probe();
    return { store };
  } catch (error) {
    const { message, hint } = describeFailure(error);
    return { store: vscodeStore(), fallbackReason: message, ...(hint ? { fallbackHint: hint } : {}) };
  }
}

export type KeepResult =
  | { kept: true; store: SecretStore; failures: string[] }
  | { kept: false; failures: string[] };

/** Stores a secret in the first store that takes it; reports every failure (never the secret). */
export async function keepSecret(stores: readonly SecretStore[], account: string, secret: string): Promise<KeepResult> {
  const failures: string[] = [];
  const tried = new Set<SecretStore>();
  for (const store of stores) {
    if (tried.has(store)) continue;
    tried.add(store);
    try {
      await store.set(account, secret);
      return { kept: true, store, failures };
    } catch (error) {
      const { message } = describeFailure(error);
      failures.push(`${store.description}: ${message.split(secret).join('[redacted]')}`);
    }
  }
  return { kept: false, failures };
}

export interface Found {
  secret: string;
  store: SecretStore;
}

/**
 * Reads an account from every store at once (a read needs no choice, so it need not wait for the
 * keychain's probe). When more than one store holds it, the active store's copy wins: only then
 * is the choice awaited. A store that fails to read is reported and counts as not holding it.
 */
export async function findInStores(
  stores: readonly SecretStore[],
  account: string,
  active: Promise<SecretStore>,
  onReadError: (store: SecretStore, error: unknown) => void,
): Promise<Found | undefined> {
  const reads = stores.map(async (store): Promise<Found | undefined> => {
    try {
      const secret = await store.get(account);
      return secret === undefined ? undefined : { secret, store };
    } catch (error) {
      onReadError(store, error);
      return undefined;
    }
  });
  const held = (await Promise.all(reads)).filter((found) => found !== undefined);
  if (held.length < 2) return held[0];
  const chosen = await active;
  return held.find((found) => found.store === chosen) ?? held[0];
}

/** Every store's accounts with this prefix, each named by the store a find would read it from. */
export async function accountsInStores(stores: readonly SecretStore[], prefix: string, active: Promise<SecretStore>): Promise<Map<string, string>> {
  const listed = Promise.all(stores.map(async (store) => ({ store, names: await store.accounts(prefix).catch((): string[] => []) })));
  const [chosen, lists] = await Promise.all([active, listed]);
  const found = new Map<string, string>();
  for (const { store, names } of [...lists.filter((list) => list.store === chosen), ...lists.filter((list) => list.store !== chosen)]) {
    for (const name of names) if (!found.has(name)) found.set(name, store.description);
  }
  return found;
}

function describeFailure(error: unknown): { message: string; hint?: string } {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return typeof hint === 'string' ? { message: error.message, hint } : { message: error.message };
  }
  return { message: String(error) };
}
