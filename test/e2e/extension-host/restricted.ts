// Runs inside the real extension host with the folder in Restricted Mode: the server list of the
// folder's settings is ignored, the user's own servers work.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../../../src/extension';
import { steps } from './steps';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  await steps('restricted', [
    ['the folder is in Restricted Mode and its settings list a server', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      assert.ok(vscode.workspace.getConfiguration('whmcsOAuth').inspect('servers')?.workspaceValue, 'the folder lists no server');
    }],
    ['only the user\'s servers are shown, and they work', async () => {
      assert.deepEqual(api.state.servers().map((entry) => entry.profile.id), ['user']);
      await api.tree.loadAll();
      const status = api.state.server('user')?.status;
      assert.equal(status?.kind, 'loaded', status?.kind === 'failed' ? status.message : status?.kind);
    }],
  ]);
}
