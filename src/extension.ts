// Activation is wiring only. The WHMCS client (with undici) loads from dist/core.js on the first
// call to a server and the native keychain module on the first secret, so activation stays cheap.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { createLog } from './host/log';
import { loadCore } from './host/lazyCore';
import { SecretStores } from './host/secretStores';
import { affectsExtension, readNetworkSettings, readServers, type ConfiguredServers } from './host/settings';
import { CaFileError, ServerConnections } from './app/serverConnections';
import { registerServerCommands } from './features/servers/serverCommands';
import { ExplorerState } from './app/explorerState';
import { CredentialsTreeProvider, VIEW_ID, type ExplorerNode } from './features/explorer/credentialsTree';
import { registerCredentialCommands, updateFilterMessage } from './features/explorer/credentialCommands';
import type { ExplorerDeps } from './features/explorer/explorerDeps';
import { offerResetCheck } from './features/explorer/resetRecovery';
import { PendingResetChecks } from './app/pendingResets';
import { serverAccountPrefix, parseAccount, serverKey } from './core/secrets/keychainLayout';
import { vscodePrompts, type Prompts } from './host/prompts';
import { SwitchablePrompts } from './testing/switchablePrompts';
import { InjectedStoreFailures } from './testing/storeFailures';
import { FormProbe } from './testing/formProbe';
import { createTestApi, type WhmcsOAuthApi } from './testing/testApi';
import { WorkspaceServerApprovals } from './app/workspaceApprovals';
import type { ServerCommandDeps } from './features/servers/serverCommands';
import { onDidShowNotice } from './host/notify';
import { registerFormCommands } from './features/form/formCommands';
import { SignInRedirects } from './app/signInRedirects';
import { registerSignInCommands } from './features/signIn/signInCommands';

// Performance marks for `npm run bench`: the bundle's evaluation ends here (it began with the
// banner mark), and activate() is timed on its own, without VS Code's set-up in between.
performance.mark('whmcs-oauth:evaluated');

/** True only in the build for the extension's own tests (scripts/build.mjs --test-seams). */
declare const WHMCS_OAUTH_TEST_SEAMS: boolean;

export type { WhmcsOAuthApi } from './testing/testApi';

/**
 * Exports nothing in what ships: another extension must not reach secrets, servers or prompts
 * through this extension. The testing API exists only in test builds outside Production mode.
 */
export function activate(context: vscode.ExtensionContext): WhmcsOAuthApi | undefined {
  performance.mark('whmcs-oauth:activate');
  const channel = vscode.window.createOutputChannel('WHMCS OAuth', { log: true });
  const log = createLog(channel);
  // Each use names the build flag itself, so that esbuild drops the seams from what ships.
  const testing = context.extensionMode !== vscode.ExtensionMode.Production;
  const switchablePrompts = WHMCS_OAUTH_TEST_SEAMS && testing ? new SwitchablePrompts() : undefined;
  const prompts: Prompts = switchablePrompts ?? vscodePrompts;
  const storeFailures = WHMCS_OAUTH_TEST_SEAMS && testing ? new InjectedStoreFailures() : undefined;
  const secrets = new SecretStores(context, log, storeFailures?.writeThrough);
  let serversSource: ConfiguredServers['source'] = 'user';
  const approvals = new WorkspaceServerApprovals(context.globalState, ({ message, detail, confirmLabel }) => prompts.confirm(message, detail, confirmLabel));
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');

  const connections = new ServerConnections({
    findSecret: async (account) => (await secrets.find(account))?.secret,
    network: readNetworkSettings,
    readCaFile: (path) =>
      readFile(path, 'utf8').catch((error: unknown) => {
        throw new CaFileError(path, (error as Error).message);
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
    admit: (profile, caPem) => (serversSource === 'workspace' ? approvals.require(profile, caPem) : Promise.resolve()),
  });

  const heldSecrets = async (url: string) => {
    const key = serverKey(url);
    const held = new Map<string, string>();
    for (const [account, storeDescription] of await secrets.accountsWithStore(serverAccountPrefix(key))) {
      const entry = parseAccount(account);
      if (entry?.kind === 'clientSecret' && entry.serverKey === key) held.set(entry.clientIdentifier, storeDescription);
    }
    return held;
  };
  const state = new ExplorerState(async (profile) => {
    const api = await connections.api(profile);
    // The keychain's listing runs while the server answers (it was the last step of a first view).
    const [credentials, held] = await Promise.all([api.list(), heldSecrets(profile.url)]);
    return { credentials, heldSecrets: held };
  });
  const logServers = () =>
    log.info(`Servers from ${serversSource} settings: ${state.servers().map((entry) => entry.profile.label).join(', ') || 'none'}.`);
  const loadProfiles = () => {
    const { profiles, problems, source } = readServers();
    serversSource = source;
    for (const problem of problems) log.warn(problem);
    state.setProfiles(profiles);
    void vscode.commands.executeCommand('setContext', 'whmcsOAuth.hasServers', profiles.length > 0);
  };
  loadProfiles();

  const tree = new CredentialsTreeProvider(state);
  const view = vscode.window.createTreeView<ExplorerNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const pending = new PendingResetChecks(context.globalState);
  const deps: ExplorerDeps = { state, tree, view, connections, secrets, prompts, log, pending };
  const signIn = registerSignInCommands({ ...deps, redirects: new SignInRedirects(context.globalState) }, context.extensionUri);
  const formProbe = WHMCS_OAUTH_TEST_SEAMS && testing ? new FormProbe() : undefined;
  const forms = registerFormCommands(deps, context.extensionUri, (target) => signIn.testSignIn(target.serverId, target.credentialId), formProbe);
  const serverDeps: ServerCommandDeps = {
    state,
    tree,
    connections,
    secrets,
    prompts,
    log,
    onSaved: () => {
      loadProfiles();
      tree.refresh();
    },
  };
  const reloadServers = () => {
    loadProfiles();
    logServers();
    tree.refresh();
    updateFilterMessage(deps);
  };

  context.subscriptions.push(
    channel,
    view,
    { dispose: () => connections.dispose() },
    vscode.commands.registerCommand('whmcsOAuth.showLog', () => log.show()),
    ...registerCredentialCommands(deps),
    ...forms.disposables,
    ...signIn.disposables,
    ...registerServerCommands(serverDeps),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsExtension(event)) return;
      if (event.affectsConfiguration('whmcsOAuth.secretStorage')) secrets.reset();
      reloadServers();
    }),
    // Trusting the folder makes its own server list count (Restricted Mode ignored it).
    vscode.workspace.onDidGrantWorkspaceTrust(reloadServers),
  );
  if (pending.all().length > 0) void offerResetCheck(deps);
  // Activation comes once the workbench has started (onStartupFinished). While it is idle, the
  // core (undici) and the keychain's module load, so that the first view waits only for the
  // server and the keychain's answers. Neither makes a call.
  const warmUp = setTimeout(() => {
    try {
      loadCore();
      secrets.warmUp();
      // Written here rather than during activate(): the log's first line costs milliseconds.
      logServers();
    } catch (error) {
      log.warn(`Could not load the extension's core ahead of use: ${(error as Error).message}`);
    }
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(warmUp) });
  performance.mark('whmcs-oauth:activated');

  if (WHMCS_OAUTH_TEST_SEAMS && switchablePrompts && storeFailures && formProbe) {
    return createTestApi({ explorer: deps, servers: serverDeps, forms: forms.panels, formProbe, prompts: switchablePrompts, storeFailures, onDidShowNotice });
  }
  return undefined;
}

export function deactivate(): void {}
