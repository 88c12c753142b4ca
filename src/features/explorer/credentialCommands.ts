// The credential commands of the explorer and the palette: which credential (the clicked tree
// item, else a quick pick), then the action (credentialActions.ts); refresh and filter.
import * as vscode from 'vscode';
import { notify, showError } from '../../host/notify';
import { createCredential, copyClientSecret, deleteCredential, resetClientSecret } from './credentialActions';
import { runCreateCredentialFlow } from './createCredentialFlow';
import type { ExplorerNode } from './credentialsTree';
import { ownNode, type ExplorerDeps } from './explorerDeps';
import { pickCredential, pickServer, serverOfNode, targetOfNode, type CredentialTarget } from './picks';
import { checkPendingReset } from './resetRecovery';
import { credentialLabel } from './treeModel';

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
    command('whmcsOAuth.showMore', async (node) => {
      if (node?.type === 'more') tree.showMore(node.serverId);
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

function titleOf(commandId: string): string {
  const words = commandId.replace('whmcsOAuth.', '').replace(/([A-Z])/g, ' $1');
  return `Could not ${words.toLowerCase().trim()}`;
}
