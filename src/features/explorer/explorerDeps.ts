// What the explorer's commands, the update form and the server commands work with, and the one
// rule for command arguments: only the tree's own items count.
import type * as vscode from 'vscode';
import type { ExplorerState } from '../../app/explorerState';
import type { ServerConnections } from '../../app/serverConnections';
import type { Log } from '../../host/log';
import type { Prompts } from '../../host/prompts';
import type { SecretStores } from '../../host/secretStores';
import type { CredentialsTreeProvider, ExplorerNode } from './credentialsTree';
import type { PendingResetChecks } from '../../app/pendingResets';

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

/** The argument of a command when it is one of the explorer's own items; anything else is logged and dropped. */
export function ownNode(deps: { tree: Pick<CredentialsTreeProvider, 'own'>; log: Log }, commandId: string, argument: unknown): ExplorerNode | undefined {
  const node = deps.tree.own(argument);
  if (argument !== undefined && node === undefined) deps.log.warn(`${commandId}: ignored an argument that is not an item of the WHMCS explorer.`);
  return node;
}

