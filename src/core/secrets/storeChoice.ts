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

function describeFailure(error: unknown): { message: string; hint?: string } {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return typeof hint === 'string' ? { message: error.message, hint } : { message: error.message };
  }
  return { message: String(error) };
}
