// Hostile server data in the real workbench and webview: a name and description full of HTML and
// script, and one of unicode, bidi overrides and zero-width characters, show as text in the tree
// and in the form's fields (no element is injected into either), and saving an unrelated field
// leaves them on the server exactly as they were.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { htmlEscape } from '../../sandbox/htmlEscape';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { HOSTILE } from './extension-host/hostileData';
import { repoRoot } from './harness/paths';
import { pick } from './harness/quickInput';
import { withWorkbench } from './harness/session';
import { clickActivityBarItem, runCommand, webviewFrame } from './harness/workbench';

let sandbox: Sandbox;
const keychain = new KeychainSecretStore();
const shown = ['HTML and script', 'unicode and bidi'] as const;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  sandbox = await createSandbox({ seed: false });
  await keychain.set(apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier), sandbox.apiCredential.secret);
});

after(async () => {
  await keychain.delete(apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier));
  await sandbox.close();
});

test('hostile names and descriptions: text in the tree and the form, unchanged by a save of another field', { timeout: 240_000 }, async () => {
  const stored = shown.map((label) => {
    const value = HOSTILE[label];
    assert.ok(value);
    return {
      label,
      value,
      credential: sandbox.state.addCredential({
        grantTypes: 'authorization_code',
        name: htmlEscape(value.name),
        description: htmlEscape(value.description),
        scope: value.scopes.join(' '),
        redirectUri: value.redirectUris.map(htmlEscape),
      }),
    };
  });
  const settings = {
    'whmcsOAuth.servers': [{ id: 'sandbox', label: 'Sandbox', url: sandbox.url, identifier: sandbox.apiCredential.identifier }],
  };
  await withWorkbench('ui-hostile', { extensionPath: repoRoot, settings }, async ({ page }) => {
    await clickActivityBarItem(page, 'WHMCS');
    const rows = page.locator('.pane-body .monaco-list-row');
    await rows.filter({ hasText: 'alert(1)' }).first().waitFor({ timeout: 60_000 });
    assert.equal(await rows.filter({ hasText: HOSTILE['HTML and script']?.name ?? '-' }).count(), 1, 'the tree row does not show the name as text');
    assert.equal(await page.locator('.pane-body .monaco-list-row img, .pane-body .monaco-list-row iframe, .pane-body .monaco-list-row script').count(), 0, 'markup from the server became elements in the tree');

    for (const { label, value, credential } of stored) {
      await runCommand(page, 'WHMCS: Update OAuth Credential...', 30_000, { asksAtOnce: true });
      await pick(page, label === 'HTML and script' ? '<script>alert(1)' : 'Ünïcödé', /Update OAuth Credential/);
      const form = webviewFrame(page);
      const name = form.locator('#field-name input');
      await name.waitFor({ timeout: 60_000 });
      assert.ok((await name.inputValue()) === value.name, `${label}: the name field does not hold the name`);
      const description = form.locator('#field-description textarea');
      assert.ok((await description.inputValue()) === value.description, `${label}: the description field does not hold the description`);
      const uriFields = form.locator('#field-redirect-uris .uri-input input');
      const shownUris: string[] = [];
      for (let i = 0; i < (await uriFields.count()); i++) shownUris.push(await uriFields.nth(i).inputValue());
      assert.deepEqual(shownUris, value.redirectUris, `${label}: the redirect URI fields do not hold the URIs`);
      // VS Code's own acquireVsCodeApi script is the one script without our nonce.
      const injected = await form.locator('img, iframe, script:not([nonce]):not(#_vscodeApiScript)').evaluateAll((elements) => elements.map((e) => e.outerHTML.slice(0, 200)));
      assert.deepEqual(injected, [], `${label}: markup from the server became elements in the form`);

      await description.fill(`${label}: edited in the UI`);
      await form.locator('#save').click();
      await form.locator('.banner', { hasText: 'Saved.' }).waitFor({ timeout: 30_000 });
      const after = sandbox.state.getCredential(credential.credentialId);
      assert.ok(after);
      assert.equal(after.description, htmlEscape(`${label}: edited in the UI`));
      assert.ok(after.name === credential.name, `${label}: the name changed on the server`);
      assert.deepEqual(after.redirectUri, credential.redirectUri, `${label}: the redirect URIs changed on the server`);
      assert.equal(after.scope, credential.scope);
      await runCommand(page, 'View: Close Editor');
      // Gone before the next form opens: its frame would answer for the next one's locators.
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 30_000 });
    }
  });
});
