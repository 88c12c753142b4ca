// A cloned repository opened in Restricted Mode, with the packaged extension (the VSIX users
// install) in code-server with workspace trust on: the repository's server list is ignored, the
// user's own server is shown and works, and the repository's server is never contacted.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { repoRoot } from './harness/paths';
import { withWorkbench } from './harness/session';
import { clickActivityBarItem } from './harness/workbench';

const vsix = join(repoRoot, 'dist', 'whmcs-oauth.vsix');
const keychain = new KeychainSecretStore();
const written: string[] = [];
let box: Sandbox;
let listener: Server;
let connections = 0;
let folder: string;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(vsix), 'dist/whmcs-oauth.vsix is missing: run npm run package (npm test does)');
  box = await createSandbox();
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  folder = mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-untrusted-repo-'));
});

after(async () => {
  await Promise.all(written.map((account) => keychain.delete(account)));
  await Promise.all([box.close(), new Promise((resolve) => listener.close(resolve))]);
  rmSync(folder, { recursive: true, force: true });
});

test('Restricted Mode: the repository\'s servers are ignored, the user\'s work', { timeout: 180_000 }, async () => {
  const { identifier, secret } = box.apiCredential;
  const repoUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/whmcs`;
  // Even with a secret stored for the repository's server, nothing may be sent there.
  for (const url of [box.url, repoUrl]) {
    const account = apiSecretAccount(serverKey(url), identifier);
    written.push(account);
    await keychain.set(account, secret);
  }
  mkdirSync(join(folder, '.vscode'));
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'whmcsOAuth.servers': [{ id: 'repo', label: 'Repository Server', url: repoUrl, identifier }] }),
  );
  const settings = {
    'security.workspace.trust.startupPrompt': 'always',
    'whmcsOAuth.servers': [{ id: 'user', label: 'User Server', url: box.url, identifier }],
  };
  await withWorkbench('ui-restricted', { extensionPath: repoRoot, installVsix: vsix, folder, settings, workspaceTrust: true }, async ({ page }) => {
    // The person answers VS Code's own question about the cloned folder.
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust the authors/ }).first().click({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await clickActivityBarItem(page, 'WHMCS');
    const tree = page.locator('.pane-body .monaco-list').first();
    await tree.locator('.monaco-list-row', { hasText: 'User Server' }).first().waitFor({ timeout: 30_000 });
    const named = box.state.listCredentials().find((c) => c.name && !/[&<>"']/.test(c.name));
    assert.ok(named, 'the seed has a plainly named credential');
    await tree.locator('.monaco-list-row', { hasText: named.name }).first().waitFor({ timeout: 30_000 });
    assert.equal(await tree.locator('.monaco-list-row', { hasText: 'Repository Server' }).count(), 0, 'the repository\'s server is shown');
  });
  assert.equal(connections, 0, 'the repository\'s server was contacted');
});
