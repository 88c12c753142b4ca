// Quick picks for commands run from the palette: which server, which credential (searchable by
// name, client ID and scope). From the tree, the clicked node answers instead.
import * as vscode from 'vscode';
import type { OAuthCredential } from '../../core/whmcs/types';
import { hostOf } from '../../app/serverProfile';
import type { ExplorerState, ServerEntry } from '../../app/explorerState';
import { credentialLabel, grantTypeLabel } from './treeModel';
import type { ExplorerNode } from './credentialsTree';
import { notify } from '../../host/notify';

export interface CredentialTarget {
  server: ServerEntry;
  credential: OAuthCredential;
}

export async function pickServer(state: ExplorerState, title: string): Promise<ServerEntry | undefined> {
  const servers = state.servers();
  if (servers.length === 0) {
    const add = 'Add Server';
    if ((await notify('info', 'No WHMCS server is configured yet.', {}, add)) === add) {
      await vscode.commands.executeCommand('whmcsOAuth.addServer');
    }
    return undefined;
  }
  if (servers.length === 1) return servers[0];
  const picked = await vscode.window.showQuickPick(
    servers.map((entry) => ({ label: entry.profile.label, description: hostOf(entry.profile.url), entry })),
    { title, placeHolder: 'WHMCS server', matchOnDescription: true },
  );
  return picked?.entry;
}

export async function pickCredential(
  state: ExplorerState,
  load: (serverId: string) => Promise<void>,
  title: string,
): Promise<CredentialTarget | undefined> {
  const server = await pickServer(state, title);
  if (!server) return undefined;
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { credential?: OAuthCredential }>();
  quickPick.title = title;
  quickPick.placeholder = 'Search by name, client ID or scope';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  quickPick.show();
  try {
    await load(server.profile.id);
    const status = state.server(server.profile.id)?.status;
    if (status?.kind === 'failed') {
      quickPick.hide();
      void notify('error', `${server.profile.label}: ${status.message}${status.hint ? ` ${status.hint}` : ''}`);
      return undefined;
    }
    const credentials = status?.kind === 'loaded' ? status.credentials : [];
    quickPick.items = credentials.map((credential) => ({
      label: credentialLabel(credential),
      description: `${credential.clientIdentifier} · ${grantTypeLabel(credential.grantType)}`,
      detail: credential.scopes.join(' '),
      credential,
    }));
    quickPick.busy = false;
    const picked = await new Promise<OAuthCredential | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.credential));
      quickPick.onDidHide(() => resolve(undefined));
    });
    return picked ? { server, credential: picked } : undefined;
  } finally {
    quickPick.dispose();
  }
}

/** The credential a tree node stands for, if it is loaded. */
export function targetOfNode(state: ExplorerState, node: ExplorerNode | undefined): CredentialTarget | undefined {
  if (!node || node.type === 'server' || node.type === 'message' || node.type === 'more') return undefined;
  const server = state.server(node.serverId);
  const credential = state.credential(node.serverId, node.credentialId);
  return server && credential ? { server, credential } : undefined;
}

export function serverOfNode(state: ExplorerState, node: ExplorerNode | undefined): ServerEntry | undefined {
  return node ? state.server(node.serverId) : undefined;
}
