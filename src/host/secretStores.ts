// The extension's secret stores: the OS keychain or VS Code Secret Storage, chosen by the
// `whmcsOAuth.secretStorage` setting (auto: the keychain when it works). A fallback is announced
// once per session, with what to do to get the keychain back.
import * as vscode from 'vscode';
import { KeychainSecretStore } from '../core/secrets/keychainStore';
import { LegacyAccountsStore } from '../core/secrets/legacyAccounts';
import { accountsInStores, chooseSecretStore, findInStores, keepSecret, type Found, type KeepResult, type StoreChoice } from '../core/secrets/storeChoice';
import type { SecretStore } from '../core/secrets/secretStore';
import { VscodeSecretStore } from '../core/secrets/vscodeSecretStore';
import { readStorePreference } from './settings';
import type { Log } from './log';
import { notify } from './notify';

export class SecretStores {
  private choice: Promise<StoreChoice> | undefined;
  private keychain: (SecretStore & { probe(): Promise<void> }) | undefined;
  private rawKeychain: KeychainSecretStore | undefined;
  private vscodeStore: SecretStore | undefined;
  private announced = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    /** Wraps the stores a new secret is written to (the testing API makes writes fail). */
    private readonly writeThrough: (store: SecretStore) => SecretStore = (store) => store,
  ) {}

  /** The store for new secrets and the first place to look. */
  async active(): Promise<SecretStore> {
    this.choice ??= chooseSecretStore(readStorePreference(), () => this.keychainStore(), () => this.fallbackStore());
    const choice = await this.choice;
    if (choice.fallbackReason && !this.announced) {
      this.announced = true;
      this.log.warn(`OS keychain unavailable, using VS Code Secret Storage: ${choice.fallbackReason}`);
      void notify(
        'warning',
        `WHMCS OAuth keeps secrets in VS Code Secret Storage because the OS keychain is unavailable: ${choice.fallbackReason}`,
        { detail: choice.fallbackHint ?? '' },
        'Choose Secret Storage',
      ).then((answer) => {
        if (answer) void vscode.commands.executeCommand('workbench.action.openSettings', 'whmcsOAuth.secretStorage');
      });
    }
    return choice.store;
  }

  /** Both stores, the active one first: where a secret that exists nowhere else may go. */
  async inOrder(): Promise<SecretStore[]> {
    const active = await this.active();
    return [active, active.kind === 'keychain' ? this.fallbackStore() : this.keychainStore()];
  }

  /**
   * Keeps a secret in the active store, else (with `auto` only) the other one; never throws for a
   * store failure. A chosen `keychain` or `vscode` is a promise that secrets go nowhere else.
   */
  async keep(account: string, secret: string): Promise<KeepResult> {
    const stores = await this.inOrder();
    const destinations = (readStorePreference() === 'auto' ? stores : stores.slice(0, 1)).map(this.writeThrough);
    const result = await keepSecret(destinations, account, secret);
    for (const failure of result.failures) this.log.warn(`Could not store a secret: ${failure}`);
    return result;
  }

  /**
   * Looks in both stores: a secret may have gone to the fallback when the keychain failed. Both
   * are read while the keychain is probed (a first view waits for one read, not for the probe and
   * then the reads); only when both hold the account does the active store's copy need the choice.
   */
  async find(account: string): Promise<Found | undefined> {
    return findInStores(this.bothStores(), account, this.active(), (store, error) =>
      this.log.warn(`Could not read ${store.description}: ${(error as Error).message}`),
    );
  }

  /** Deletes an account from both stores. */
  async deleteEverywhere(account: string): Promise<void> {
    for (const store of await this.inOrder()) {
      await store.delete(account).catch((error: unknown) => this.log.warn(`Could not delete from ${store.description}: ${(error as Error).message}`));
    }
  }

  /** Accounts with this prefix in either store, each with the store find() reads it from. */
  accountsWithStore(prefix: string): Promise<Map<string, string>> {
    return accountsInStores(this.bothStores(), prefix, this.active());
  }

  /**
   * Loads the keychain's native module ahead of the first secret (while the workbench is idle):
   * no keychain call, so nothing is asked of the person and nothing is written.
   */
  warmUp(): void {
    this.keychainStore();
    this.rawKeychain?.preload();
  }

  /** After the setting changed: choose again on next use. */
  reset(): void {
    this.choice = undefined;
    this.announced = false;
  }

  private keychainStore(): SecretStore & { probe(): Promise<void> } {
    if (!this.keychain) {
      const keychain = new KeychainSecretStore();
      this.rawKeychain = keychain;
      this.keychain = Object.assign(new LegacyAccountsStore(keychain), { probe: () => keychain.probe() });
    }
    return this.keychain;
  }

  /** The keychain, then VS Code Secret Storage (the order does not matter to a caller that reads both). */
  private bothStores(): SecretStore[] {
    return [this.keychainStore(), this.fallbackStore()];
  }

  private fallbackStore(): SecretStore {
    this.vscodeStore ??= new LegacyAccountsStore(new VscodeSecretStore(this.context.secrets, this.context.globalState));
    return this.vscodeStore;
  }
}
