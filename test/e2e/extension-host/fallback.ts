// Runs inside the real extension host with no usable OS keychain (the test process empties
// DBUS_SESSION_BUS_ADDRESS for it): the extension falls back to VS Code Secret Storage, says
// so, and keeps working: add a server, list its credentials, reset a secret and hold it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/features/explorer/credentialsTree';
import { secretFromTestProcess } from '../harness/testSecrets';
import { steps } from './steps';

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set`);
  return value;
}

export async function run(): Promise<void> {
  assert.equal(process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '', '', 'this test needs the keychain to be unreachable');
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  api.setPromptsForTesting({ confirm: async () => true });
  const tree = api.tree;

  await steps('fallback', [
    ['Add Server works with the secret in VS Code Secret Storage', async () => {
      const profile = await api.addServer({
        label: 'Sandbox',
        url: env('WHMCS_E2E_SANDBOX_URL'),
        auth: 'apiCredential',
        identifier: env('WHMCS_E2E_API_IDENTIFIER'),
        secret: secretFromTestProcess('apiSecret'),
      });
      assert.ok(profile, 'addServer returned nothing');
    }],
    ['the tree lists the credentials', async () => {
      const [server] = await tree.getChildren();
      assert.ok(server);
      const children = await tree.getChildren(server);
      assert.ok(children.length > 0 && children.every((n) => n.type === 'credential'), 'no credentials listed');
    }],
    ['a reset secret is held in VS Code Secret Storage', async () => {
      const [server] = await tree.getChildren();
      assert.ok(server);
      const [first] = (await tree.getChildren(server)) as ExplorerNode[];
      assert.ok(first && first.type === 'credential');
      await vscode.commands.executeCommand('whmcsOAuth.resetClientSecret', first);
      const row = (await tree.getChildren(first)).map((node) => tree.getTreeItem(node)).find((item) => item.label === 'Reset secret');
      assert.equal(row?.description, 'held in VS Code Secret Storage');
    }],
  ]);
}
