// Runs inside the real extension host: a server at a plain-http address that is not this machine
// (billing.example.test, reached through the test's proxy) is refused unless its entry allows it,
// and an entry that allows it says so.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../../../src/extension';
import { steps } from './steps';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  await steps('plain-http', [
    ['an http:// server on another machine is refused before anything is sent', async () => {
      await api.state.ensureLoaded('plain');
      const status = api.state.server('plain')?.status;
      assert.equal(status?.kind, 'failed');
      assert.match(status?.kind === 'failed' ? status.message : '', /plain http would send the API secret unencrypted/);
      assert.match(status?.kind === 'failed' ? (status.hint ?? '') : '', /allowInsecureHttp/);
    }],
    ['the entry that allows it works, and its tree item says what it allows', async () => {
      await api.state.ensureLoaded('allowed');
      const status = api.state.server('allowed')?.status;
      assert.equal(status?.kind, 'loaded', status?.kind === 'failed' ? status.message : status?.kind);
      const [, allowed] = await api.tree.getChildren();
      assert.ok(allowed);
      assert.match(String(api.tree.getTreeItem(allowed).tooltip), /set to use plain http: the API secret crosses the network unencrypted/);
    }],
  ]);
}
