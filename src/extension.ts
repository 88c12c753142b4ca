// Activation is wiring only. The WHMCS client (with undici) loads from dist/core.js on the first
// call to a server and the native keychain module on the first secret, so activation stays cheap.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { createLog } from './log';
import { loadCore } from './lazyCore';
import { SecretStores } from './secretStores';
import { affectsExtension, readNetworkSettings, readServers } from './settings';
import { ServerConnections } from './servers/serverConnections';
import { registerServerCommands } from './servers/serverCommands';
import { ExplorerState } from './explorer/explorerState';
import { CredentialsTreeProvider, VIEW_ID, type ExplorerNode } from './explorer/credentialsTree';
import { offerResetCheck, registerCredentialCommands, updateFilterMessage, type ExplorerDeps } from './explorer/credentialCommands';
import { PendingResetChecks } from './explorer/secretFlows';
import { serverAccountPrefix, parseAccount, serverKey } from './secrets/keychainLayout';
import { SwitchablePrompts, type Prompts } from './ui/prompts';
import { onDidShowNotice, type Notice } from './ui/notify';
import { registerFormCommands } from './form/formCommands';
import type { UpdateFormPanels } from './form/updateFormPanel';

// Performance marks for `npm run bench`: the bundle's evaluation ends here (it began with the
// banner mark), and activate() is timed on its own, without VS Code's set-up in between.
performance.mark('whmcs-oauth:evaluated');

/** What the extension exports: its tree and forms for inspection, and seams for tests. */
export interface WhmcsOAuthApi {
  readonly tree: CredentialsTreeProvider;
  readonly state: ExplorerState;
  readonly forms: UpdateFormPanels;
  /** Where secrets are kept: tests look a secret up in each store. Tests only (throws in production). */
  readonly secrets: SecretStores;
  /** Every notification and modal message, as the person reads it. */
  readonly onDidShowNotice: vscode.Event<Notice>;
  /** Lets an extension-host test answer modal questions instead of a person. Tests only. */
  setPromptsForTesting(prompts: Partial<Prompts>): void;
  /** Makes writes to one kind of secret store fail (undefined: work again). Tests only. */
  injectSecretStoreFailureForTesting(kind: 'keychain' | 'vscode', message: string | undefined): void;
}

export function activate(context: vscode.ExtensionContext): WhmcsOAuthApi {
  performance.mark('whmcs-oauth:activate');
  const channel = vscode.window.createOutputChannel('WHMCS OAuth', { log: true });
  const log = createLog(channel);
  const prompts = new SwitchablePrompts();
  const secrets = new SecretStores(context, log);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');

  const connections = new ServerConnections({
    findSecret: async (account) => (await secrets.find(account))?.secret,
    network: readNetworkSettings,
    readCaFile: (path) =>
      readFile(path, 'utf8').catch((error: unknown) => {
        throw Object.assign(new Error(`Cannot read the CA file ${path}: ${(error as Error).message}`), {
          hint: 'Edit the server and choose an existing PEM file.',
        });
      }),
    createApi: (options) => {
      const core = loadCore();
      return new core.OAuthCredentialsApi(
        new core.WhmcsClient({
          ...options,
          onCall: (event) =>
            event.error
              ? log.warn(`${event.action} failed after ${Math.round(event.durationMs)} ms (HTTP ${event.status ?? '-'})`)
              : log.info(`${event.action}: HTTP ${event.status} in ${Math.round(event.durationMs)} ms`),
        }),
      );
    },
    userAgent: `whmcs-oauth-vscode/${version}`,
  });

  const state = new ExplorerState(async (profile) => {
    const api = await connections.api(profile);
    const credentials = await api.list();
    const key = serverKey(profile.url);
    const held = new Map<string, string>();
    for (const [account, storeDescription] of await secrets.accountsWithStore(serverAccountPrefix(key))) {
      const entry = parseAccount(account);
      if (entry?.kind === 'clientSecret' && entry.serverKey === key) held.set(entry.clientIdentifier, storeDescription);
    }
    return { credentials, heldSecrets: held };
  });
  const loadProfiles = () => {
    const { profiles, problems } = readServers();
    for (const problem of problems) log.warn(problem);
    state.setProfiles(profiles);
    void vscode.commands.executeCommand('setContext', 'whmcsOAuth.hasServers', profiles.length > 0);
  };
  loadProfiles();

  const tree = new CredentialsTreeProvider(state);
  const view = vscode.window.createTreeView<ExplorerNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const pending = new PendingResetChecks(context.globalState);
  const deps: ExplorerDeps = { state, tree, view, connections, secrets, prompts, log, pending };
  const forms = registerFormCommands(deps, context.extensionUri);

  context.subscriptions.push(
    channel,
    view,
    { dispose: () => connections.dispose() },
    vscode.commands.registerCommand('whmcsOAuth.showLog', () => log.show()),
    ...registerCredentialCommands(deps),
    ...forms.disposables,
    ...registerServerCommands({
      state,
      connections,
      secrets,
      prompts,
      log,
      onSaved: () => {
        loadProfiles();
        tree.refresh();
      },
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsExtension(event)) return;
      if (event.affectsConfiguration('whmcsOAuth.secretStorage')) secrets.reset();
      loadProfiles();
      tree.refresh();
      updateFilterMessage(deps);
    }),
  );
  if (pending.all().length > 0) void offerResetCheck(deps);
  performance.mark('whmcs-oauth:activated');

  // The seams that answer prompts or reach the secret stores exist for the extension's own tests
  // only: another extension must not be able to confirm a reset or a delete on a person's behalf.
  const testing = context.extensionMode !== vscode.ExtensionMode.Production;
  const testsOnly = <T>(seam: T): T => {
    if (!testing) throw new Error('This part of the WHMCS OAuth API exists for the extension\'s own tests.');
    return seam;
  };
  return {
    tree,
    state,
    forms: forms.panels,
    get secrets() {
      return testsOnly(secrets);
    },
    onDidShowNotice,
    setPromptsForTesting: (answers) => testsOnly(prompts).set(answers),
    injectSecretStoreFailureForTesting: (kind, message) => testsOnly(secrets).injectFailureForTesting(kind, message),
  };
}

export function deactivate(): void {}
