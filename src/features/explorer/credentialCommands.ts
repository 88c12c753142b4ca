// The credential commands of the explorer and the palette: copy the client ID or secret, reset
// the secret, create, delete, refresh and filter.
import * as vscode from 'vscode';
import type { Log } from '../../host/log';
import type { SecretStores } from '../../host/secretStores';
import { clientSecretAccount, serverKey } from '../../core/secrets/keychainLayout';
import type { ServerConnections } from '../../app/serverConnections';
import type { Prompts } from '../../host/prompts';
import { describeFailure } from '../../core/failure';
import { notify, showError } from '../../host/notify';
import { withCancellableProgress } from '../../host/progress';
import type { CredentialsTreeProvider, ExplorerNode } from './credentialsTree';
import type { ExplorerState, ServerEntry } from '../../app/explorerState';
import type { CreateCredentialInput } from '../../core/whmcs/oauthCredentials';
import { pickCredential, pickServer, serverOfNode, targetOfNode, type CredentialTarget } from './picks';
import { keepNewClientSecret, type PendingResetCheck, type PendingResetChecks } from './secretFlows';
import { credentialLabel } from './treeModel';
import { quoteText, resetSecretQuestion } from './resetQuestion';
import { runCreateCredentialFlow } from './createCredentialFlow';

export interface ExplorerDeps {
  state: ExplorerState;
  tree: CredentialsTreeProvider;
  view: vscode.TreeView<ExplorerNode>;
  connections: ServerConnections;
  secrets: SecretStores;
  prompts: Prompts;
  log: Log;
  pending: PendingResetChecks;
}

export function registerCredentialCommands(deps: ExplorerDeps): vscode.Disposable[] {
  const { state, tree } = deps;
  const load = (serverId: string) => state.ensureLoaded(serverId);
  const target = async (node: ExplorerNode | undefined, title: string): Promise<CredentialTarget | undefined> =>
    targetOfNode(state, node) ?? (node ? undefined : pickCredential(state, load, title));

  // Arguments that are not this tree's own items (another extension's made-up ones) are dropped:
  // the command then asks the person, as from the palette.
  const command = (id: string, handler: (node: ExplorerNode | undefined) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (argument?: unknown) => {
      try {
        return await handler(ownNode(deps, id, argument));
      } catch (error) {
        showError(deps.log, titleOf(id), error);
        return undefined;
      }
    });

  return [
    command('whmcsOAuth.refresh', async () => {
      tree.refresh();
      await tree.loadAll();
      updateFilterMessage(deps);
    }),
    command('whmcsOAuth.refreshServer', async (node) => {
      const server = serverOfNode(state, node) ?? (await pickServer(state, 'Refresh Server'));
      if (!server) return;
      tree.refresh(server.profile.id);
      await load(server.profile.id);
    }),
    command('whmcsOAuth.copyClientId', async (node) => {
      const picked = await target(node, 'Copy Client ID');
      if (!picked) return;
      await vscode.env.clipboard.writeText(picked.credential.clientIdentifier);
      vscode.window.setStatusBarMessage(`$(check) Copied the client ID of ${credentialLabel(picked.credential)}`, 3000);
    }),
    command('whmcsOAuth.copyClientSecret', async (node) => {
      const picked = await target(node, 'Copy Client Secret');
      // From the palette, which other extensions can drive (quick picks included), a modal asks.
      if (picked) await copyClientSecret(deps, picked, node === undefined);
    }),
    command('whmcsOAuth.resetClientSecret', async (node) => {
      const picked = await target(node, 'Reset Client Secret');
      if (picked) await resetClientSecret(deps, picked);
    }),
    command('whmcsOAuth.deleteCredential', async (node) => {
      const picked = await target(node, 'Delete OAuth Credential');
      if (picked) await deleteCredential(deps, picked);
    }),
    command('whmcsOAuth.createCredential', async (node) => {
      const server = serverOfNode(state, node) ?? (await pickServer(state, 'Create OAuth Credential'));
      if (!server) return;
      await load(server.profile.id);
      const status = server.status;
      const input = await runCreateCredentialFlow(status.kind === 'loaded' ? status.credentials.flatMap((c) => c.scopes) : []);
      if (input) await createCredential(deps, server, input);
    }),
    // For a person who closed the "answer was lost" notification: no need to wait for a restart.
    command('whmcsOAuth.checkPendingResets', async () => {
      const checks = deps.pending.all();
      if (checks.length === 0) {
        void notify('info', 'No secret reset is waiting for a check.');
        return;
      }
      for (const check of checks) await checkPendingReset(deps, check);
    }),
    command('whmcsOAuth.filterCredentials', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter OAuth Credentials',
        prompt: 'Show credentials whose name, client ID, scopes, redirect URIs or ID contain this text',
        value: tree.filter,
      });
      if (text === undefined) return;
      tree.setFilter(text);
      await tree.loadAll();
      updateFilterMessage(deps);
    }),
    command('whmcsOAuth.clearFilter', async () => {
      tree.setFilter('');
      updateFilterMessage(deps);
    }),
  ];
}

/** Creates a credential and keeps its new secret (never lost), then shows it in the tree. */
export async function createCredential(deps: ExplorerDeps, server: ServerEntry, input: CreateCredentialInput): Promise<void> {
  const api = await deps.connections.api(server.profile);
  const created = await Promise.resolve(
    withCancellableProgress(`Creating "${input.name || input.grantType}" on ${server.profile.label}…`, (signal) => api.create(input, { signal })),
  ).catch((error: unknown) => {
    // It may have been created (the error says so): show the list as the server has it.
    if (describeFailure(error).changed === 'maybe') deps.tree.refresh(server.profile.id);
    throw error;
  });
  deps.log.info(`Created OAuth credential ${created.credentialId} (${created.clientIdentifier}) on ${server.profile.label}.`);
  await keepNewClientSecret(deps, server.profile, created.clientIdentifier, input.name || created.clientIdentifier, created.clientSecret);
  deps.tree.refresh(server.profile.id);
  await deps.state.ensureLoaded(server.profile.id);
}

/** The argument of a command when it is one of the explorer's own items; anything else is logged and dropped. */
export function ownNode(deps: { tree: Pick<CredentialsTreeProvider, 'own'>; log: Log }, commandId: string, argument: unknown): ExplorerNode | undefined {
  const node = deps.tree.own(argument);
  if (argument !== undefined && node === undefined) deps.log.warn(`${commandId}: ignored an argument that is not an item of the WHMCS explorer.`);
  return node;
}

export function updateFilterMessage({ tree, view }: ExplorerDeps): void {
  const active = tree.filter !== '';
  void vscode.commands.executeCommand('setContext', 'whmcsOAuth.filterActive', active);
  if (!active) {
    view.message = '';
    return;
  }
  const { shown, total } = tree.filterCounts();
  view.message = `Filtered by "${tree.filter}": ${shown} of ${total} credentials`;
}

async function copyClientSecret(deps: ExplorerDeps, { server, credential }: CredentialTarget, confirmFirst: boolean): Promise<void> {
  const account = clientSecretAccount(serverKey(server.profile.url), credential.clientIdentifier);
  const held = await deps.secrets.find(account);
  if (held && confirmFirst) {
    const confirmed = await deps.prompts.confirm(
      `Copy the client secret of ${quoteText(credentialLabel(credential))} on ${server.profile.label} to the clipboard?`,
      `It is read from ${held.store.description}. Anything that can read the clipboard can then read it.`,
      'Copy Secret',
    );
    if (!confirmed) return;
  }
  let secret = held?.secret;
  if (!secret) {
    const confirmed = await deps.prompts.confirm(
      `No reset secret of ${quoteText(credentialLabel(credential))} is held in a secret store. Copy the live secret from ${server.profile.label}?`,
      'WHMCS returns the current client secret with the credential list. It is copied to the clipboard, not shown.',
      'Copy Live Secret',
    );
    if (!confirmed) return;
    const api = await deps.connections.api(server.profile);
    secret = await withCancellableProgress(`Reading the client secret from ${server.profile.label}…`, (signal) =>
      api.readClientSecret(credential.credentialId, { signal }),
    );
  }
  await vscode.env.clipboard.writeText(secret);
  vscode.window.setStatusBarMessage(
    `$(check) Copied the client secret of ${credentialLabel(credential)}${held ? ` from ${held.store.description}` : ' from the server'}`,
    4000,
  );
}

async function resetClientSecret(deps: ExplorerDeps, { server, credential }: CredentialTarget): Promise<void> {
  const name = credentialLabel(credential);
  const store = await deps.secrets.active();
  const question = resetSecretQuestion({
    name: credential.name,
    clientIdentifier: credential.clientIdentifier,
    serverLabel: server.profile.label,
    storeDescription: store.description,
  });
  const confirmed = await deps.prompts.confirm(question.message, question.detail, question.confirmLabel);
  if (!confirmed) return;
  const api = await deps.connections.api(server.profile);
  try {
    const result = await withCancellableProgress(`Resetting the client secret of "${name}"…`, (signal) =>
      api.resetSecret(credential, { signal }),
    );
    if (result.recoveredSecret) deps.log.warn(`The reset answer for credential ${credential.credentialId} was lost; the new secret was read back from the server.`);
    const kept = await keepNewClientSecret(deps, server.profile, credential.clientIdentifier, name, result.newClientSecret);
    deps.state.setSecretHeld(server.profile.id, credential.clientIdentifier, kept.storeDescription);
    // Read again in the background: an open form of this credential learns of the reset.
    void deps.state.reload(server.profile.id);
  } catch (error) {
    const outcome = describeFailure(error).resetOutcomeUnknown;
    if (!outcome) throw error;
    const { previousSecretFingerprint } = outcome;
    await deps.pending.add({
      serverId: server.profile.id,
      credentialId: credential.credentialId,
      clientIdentifier: credential.clientIdentifier,
      name,
      previousSecretFingerprint,
      at: Date.now(),
    });
    deps.log.error(`Reset of credential ${credential.credentialId} has an unknown outcome`, error);
    void offerResetCheck(deps, deps.pending.all().at(-1));
  }
}

/** Asks whether a reset with an unknown outcome happened, and keeps the new secret if it did. */
export async function offerResetCheck(deps: ExplorerDeps, check = deps.pending.all()[0]): Promise<void> {
  if (!check) return;
  const again = 'Check Again';
  const answer = await notify(
    'error',
    `The secret reset of "${check.name}" was sent, but its answer was lost. Do not reset again: check whether it happened, and keep the new secret if it did.`,
    {},
    again,
  );
  if (answer !== again) return;
  try {
    await checkPendingReset(deps, check);
  } catch (error) {
    showError(deps.log, 'Could not check the reset', error);
    void offerResetCheck(deps, check);
  }
}

/** Asks the server whether a reset with an unknown outcome happened; keeps the new secret if so. */
async function checkPendingReset(deps: ExplorerDeps, check: PendingResetCheck): Promise<void> {
  const server = deps.state.server(check.serverId);
  if (!server) {
    await deps.pending.remove(check);
    return;
  }
  const api = await deps.connections.api(server.profile);
  const outcome = await withCancellableProgress(`Checking the reset of "${check.name}"…`, (signal) =>
    api.checkReset(check.credentialId, check.previousSecretFingerprint, { signal }),
  );
  await deps.pending.remove(check);
  if (outcome.happened) {
    const kept = await keepNewClientSecret(deps, server.profile, check.clientIdentifier, check.name, outcome.secret);
    deps.state.setSecretHeld(server.profile.id, check.clientIdentifier, kept.storeDescription);
    void deps.state.reload(server.profile.id);
  } else {
    void notify('info', `The secret of "${check.name}" was not reset: the old secret still works.`);
  }
}

async function deleteCredential(deps: ExplorerDeps, { server, credential }: CredentialTarget): Promise<void> {
  const name = credentialLabel(credential);
  const confirmed = await deps.prompts.confirm(
    `Delete the OAuth credential ${quoteText(name)} from ${server.profile.label}?`,
    `Applications using client ID ${credential.clientIdentifier} stop working. This cannot be undone.`,
    'Delete',
  );
  if (!confirmed) return;
  const api = await deps.connections.api(server.profile);
  await withCancellableProgress(`Deleting "${name}"…`, (signal) => api.delete(credential.credentialId, { signal }));
  deps.log.info(`Deleted OAuth credential ${credential.credentialId} (${credential.clientIdentifier}) on ${server.profile.label}.`);
  await deps.secrets.deleteEverywhere(clientSecretAccount(serverKey(server.profile.url), credential.clientIdentifier));
  deps.tree.refresh(server.profile.id);
}

function titleOf(commandId: string): string {
  const words = commandId.replace('whmcsOAuth.', '').replace(/([A-Z])/g, ' $1');
  return `Could not ${words.toLowerCase().trim()}`;
}
