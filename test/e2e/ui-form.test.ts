// The update form in the real workbench, driven like a person: the palette command, the
// credential quick pick, the webview inside its frames. Changes the name and redirect URIs and
// finds them on the sandbox; a scope the server refuses shows on the scopes field; a secret reset
// needs the host's modal too (declined: nothing sent) and lands in the real keychain and nowhere in
// the webview. Screenshots in light and dark themes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, clientSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { artifactPath, repoRoot } from './harness/paths';
import { filesContaining } from './harness/leaks';
import { Canaries } from '../support/canaryScan';
import { withWorkbench } from './harness/session';
import { clickActivityBarItem, runCommand, webviewFrame } from './harness/workbench';
import { pick } from './harness/quickInput';

let sandbox: Sandbox;
const keychain = new KeychainSecretStore();
const cleanup: string[] = [];

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  sandbox = await createSandbox();
  const account = apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier);
  await keychain.set(account, sandbox.apiCredential.secret);
  cleanup.push(account);
});

after(async () => {
  for (const account of cleanup) await keychain.delete(account);
  await sandbox.close();
});

/** Switches the color theme with its keybinding (Ctrl+K Ctrl+T), focus in the workbench. */
async function setTheme(page: Page, theme: string): Promise<void> {
  await clickActivityBarItem(page, 'WHMCS');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  // The widget was hidden: what is typed goes to the theme picker once it shows.
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-box input').fill(theme);
  await widget.locator('.monaco-list-row.focused .label-name').first().filter({ hasText: theme }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 20_000 });
}

test('update form: name and redirect URIs saved, server error on its field, reset into the keychain', { timeout: 300_000 }, async () => {
  const target = sandbox.state.listCredentials().find((c) => c.name === 'Mobile App');
  assert.ok(target, 'the seed has "Mobile App"');
  const settings = {
    'whmcsOAuth.servers': [{ id: 'sandbox', label: 'Sandbox', url: sandbox.url, identifier: sandbox.apiCredential.identifier }],
  };
  await withWorkbench('ui-form', { extensionPath: repoRoot, settings }, async ({ page, server }) => {
    await runCommand(page, 'WHMCS: Update OAuth Credential...', 30_000, { asksAtOnce: true });
    // The palette's widget becomes the command's pick: typed into before that, the name would go
    // to the palette.
    await pick(page, 'Mobile App', /Update OAuth Credential/);
    const form = webviewFrame(page);
    const name = form.locator('#field-name input');
    await name.waitFor({ timeout: 60_000 });
    assert.equal(await name.inputValue(), 'Mobile App');
    await page.locator('.tab', { hasText: 'Edit Mobile App' }).first().waitFor({ timeout: 10_000 });

    // Name, a scope and a redirect URI.
    await name.fill('Mobile App (iOS)');
    await form.locator('#field-scopes vscode-checkbox[value="clientarea:tickets"]').click();
    await form.locator('#redirect-uri-add input').fill('https://ios.example.com/oauth/callback');
    await form.locator('#redirect-uri-add input').press('Enter');
    await form.locator('#save').click();
    await form.locator('.banner', { hasText: 'Saved.' }).waitFor({ timeout: 30_000 });
    const saved = sandbox.state.getCredential(target.credentialId);
    assert.equal(saved?.name, 'Mobile App (iOS)');
    assert.deepEqual(saved?.redirectUri, [...target.redirectUri, 'https://ios.example.com/oauth/callback']);
    assert.deepEqual(saved?.scope.split(' ').sort(), [...target.scope.split(' '), 'clientarea:tickets'].sort());

    // A scope the server does not know: its message lands on the scopes field.
    await form.locator('#scope-add input').fill('custom:unknown');
    await form.locator('#scope-add input').press('Enter');
    await form.locator('#save').click();
    const scopeError = form.locator('[data-field="field-scopes"] > .field-error .error-text');
    await scopeError.waitFor({ timeout: 30_000 });
    assert.equal(await scopeError.textContent(), 'The requested scope "custom:unknown" is invalid.');
    assert.equal(sandbox.state.getCredential(target.credentialId)?.scope, saved?.scope, 'nothing was stored');
    await page.screenshot({ path: artifactPath('form-light.png') });
    await page.keyboard.press('Escape');

    // The reset: confirmed in the form, then in the host's own modal (a webview alone cannot
    // reset); the new secret goes to the keychain, never to the page.
    const before = sandbox.state.getCredential(target.credentialId)?.clientSecret;
    const saveWithReset = async (): Promise<void> => {
      await form.locator('#save').click();
      await form.locator('#confirm-reset').waitFor();
      await form.locator('#save').click();
    };
    await form.locator('#reset-secret').click();
    await saveWithReset();
    const modal = page.locator('.monaco-dialog-box', { hasText: 'Reset the client secret of' });
    await modal.waitFor({ timeout: 30_000 });
    assert.match((await modal.textContent()) ?? '', /Reset the client secret of "Mobile App \(iOS\)" on Sandbox\?.*every application using client ID "[^"]+"/s);
    // Declined in the modal: nothing is sent, the form says so and keeps the draft.
    await modal.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await form.locator('.banner', { hasText: 'Saving was cancelled.' }).waitFor({ timeout: 30_000 });
    assert.ok(sandbox.state.getCredential(target.credentialId)?.clientSecret === before, 'declined, yet the secret was reset');
    await saveWithReset();
    await modal.locator('.monaco-button', { hasText: 'Reset Secret' }).click({ timeout: 30_000 });
    await form.locator('.banner', { hasText: 'Saved.' }).waitFor({ timeout: 30_000 });
    const after = sandbox.state.getCredential(target.credentialId);
    assert.ok(after && after.clientSecret !== before, 'the sandbox secret did not change');
    const account = clientSecretAccount(serverKey(sandbox.url), after.clientIdentifier);
    cleanup.push(account);
    assert.equal(await keychain.get(account), after.clientSecret);
    assert.match((await form.locator('.banner').first().textContent()) ?? '', /OS keychain/);
    // The webview's whole document holds no secret of this run (its saved state is searched with
    // the browser profile when the session ends).
    const pageHtml = await form.locator('html').evaluate((root) => root.outerHTML);
    assert.ok(!pageHtml.includes(after.clientSecret), 'the new secret reached the webview');
    assert.ok(!Canaries.fromEnvironment()?.foundIn(pageHtml), 'a secret made up by the sandbox is in the webview\'s page');
    // Nowhere else either: not in settings or any log of VS Code (state is in the browser profile,
    // which the harness searches when the session ends).
    const leaks = filesContaining(server.userDataDir, [after.clientSecret, sandbox.apiCredential.secret]);
    assert.deepEqual(leaks, [], 'a secret was written into the VS Code user data folder');

    await setTheme(page, 'Dark Modern');
    await page.locator('.monaco-list-row', { hasText: 'Mobile App (iOS)' }).first().waitFor({ timeout: 30_000 });
    await form.locator('#credential-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('form-dark.png') });
  });
});
