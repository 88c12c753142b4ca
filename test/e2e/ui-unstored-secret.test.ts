// The last line of defence for a reset secret, in the real workbench: the keychain (chosen in the
// settings, so nothing else may take the secret) dies halfway, a reset goes through, and the
// person gets the modal that offers the secret for copying until they say they have saved it.
// The copied secret is the one the sandbox now holds; it is in no file of VS Code's user data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { filesContaining } from './harness/leaks';
import { repoRoot } from './harness/paths';
import { startPrivateKeyring, type PrivateKeyring } from './harness/privateKeyring';
import { pick } from './harness/quickInput';
import { withWorkbench } from './harness/session';
import { clickActivityBarItem, runCommand } from './harness/workbench';

let sandbox: Sandbox;
let keyring: PrivateKeyring;

before(async () => {
  sandbox = await createSandbox();
  keyring = await startPrivateKeyring();
  await keyring.set(apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier), sandbox.apiCredential.secret);
});

after(async () => {
  keyring.stop();
  await sandbox.close();
});

test('keychain gone, no fallback allowed: the reset secret is handed over in a modal until acknowledged', { timeout: 240_000 }, async () => {
  const target = sandbox.state.listCredentials().find((c) => c.name === 'Mobile App');
  assert.ok(target, 'the seed has "Mobile App"');
  const settings = {
    'whmcsOAuth.secretStorage': 'keychain',
    'whmcsOAuth.servers': [{ id: 'sandbox', label: 'Sandbox', url: sandbox.url, identifier: sandbox.apiCredential.identifier }],
  };
  const env = { DBUS_SESSION_BUS_ADDRESS: keyring.address };
  await withWorkbench('ui-unstored-secret', { extensionPath: repoRoot, settings, env }, async ({ page, server }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    // The tree loads with the API secret from the keychain; then the keychain goes away.
    await clickActivityBarItem(page, 'WHMCS');
    await page.locator('.monaco-list-row', { hasText: 'Mobile App' }).first().waitFor({ timeout: 60_000 });
    await keyring.killBus();

    await runCommand(page, 'WHMCS: Reset Client Secret...', 30_000, { asksAtOnce: true });
    await pick(page, 'Mobile App', /Reset Client Secret/);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.locator('.monaco-button', { hasText: 'Reset Secret' }).click({ timeout: 30_000 });

    const handOver = page.locator('.monaco-dialog-box', { hasText: 'could not be stored in any secret store' });
    await handOver.waitFor({ timeout: 30_000 });
    const after = sandbox.state.getCredential(target.credentialId);
    assert.ok(after && after.clientSecret !== target.clientSecret, 'the sandbox did not reset the secret');
    const text = (await handOver.textContent()) ?? '';
    assert.match(text, /The new client secret of "Mobile App" could not be stored/);
    assert.match(text, /OS keychain/, 'the modal says which store failed');
    assert.ok(!text.includes(after.clientSecret), 'the secret is printed in the modal');

    await handOver.locator('.monaco-button', { hasText: 'Copy Secret' }).click();
    // Shown again, now saying it was copied: it stays until the person acknowledges.
    await page.locator('.monaco-dialog-box', { hasText: 'Copied to the clipboard.' }).waitFor({ timeout: 30_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied === after.clientSecret, 'the clipboard does not hold the secret the sandbox holds');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'I Have Saved It' }).click();
    await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.evaluate(() => navigator.clipboard.writeText(''));

    assert.deepEqual(filesContaining(server.userDataDir, [after.clientSecret, sandbox.apiCredential.secret]), [], 'a secret was written into the VS Code user data folder');
  });
});
