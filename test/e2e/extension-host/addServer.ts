// Adds a sandbox that runs in the extension host as a server, through the command (with a draft,
// as scripts may), so that its API secret goes where the extension keeps secrets.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Sandbox } from '../../../sandbox/index';

export async function addSandboxServer(box: Sandbox, label: string, extra: { caFile?: string } = {}): Promise<void> {
  const profile = await vscode.commands.executeCommand('whmcsOAuth.addServer', {
    label,
    url: box.url,
    auth: 'apiCredential',
    identifier: box.apiCredential.identifier,
    secret: box.apiCredential.secret,
    ...extra,
  });
  assert.ok(profile, 'addServer returned nothing');
}
