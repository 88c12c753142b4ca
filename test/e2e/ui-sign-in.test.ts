// Test Sign-In in the real workbench (code-server) with the person in a real browser: the command
// from the palette registers the loopback redirect URI for the test only after the modal, VS Code
// opens the sandbox's authorize page, Playwright signs in and answers consent there, and the report
// webview tells what happened. Runs in turn: a pass, a declined consent, a secret reset on the
// server (fixed from the report's button), a rotated signing key, an expired code, a redirect URI
// the person would not register, the form's button, the live secret, and a removal that fails and
// is retried when the extension starts again; after each, the credential's redirect URIs are as
// before.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { apiSecretAccount, clientSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { signInAndConsent } from '../support/oidcBrowser';
import { filesContaining } from './harness/leaks';
import { repoRoot } from './harness/paths';
import { pick } from './harness/quickInput';
import { withWorkbench } from './harness/session';
import { clickActivityBarItem, runCommand, screenshot } from './harness/workbench';

const APP_URIS = ['https://app.example/callback'];

let sandbox: Sandbox;
/**
 * The person's own browser. VS Code opens the authorize page in a tab of the workbench's browser
 * (code-server); on the desktop it is the system browser, apart from VS Code's data. The sign-in
 * happens here, so that the authorization codes in the redirect's address (kept by any browser's
 * history and cache) do not land in the workbench's profile, which the suite checks for secrets.
 */
let personBrowser: Browser;
// The suite's Secret Service (scripts/with-keyring.sh), which the workbench uses too.
const keyring = new KeychainSecretStore();
const accounts: string[] = [];

before(async () => {
  sandbox = await createSandbox();
  personBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  accounts.push(apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier));
  await keyring.set(accounts[0]!, sandbox.apiCredential.secret);
});

after(async () => {
  for (const account of accounts) await keyring.delete(account);
  await personBrowser?.close();
  await sandbox.close();
});

test('Test Sign-In: pass, declined, reset secret fixed from the report, rotated key, expired code, unregistered URI, the form button, the live secret, a removal retried after a restart', { timeout: 480_000 }, async () => {
  const app = sandbox.state.addCredential({ name: 'Sign-In App', grantTypes: 'authorization_code', scope: 'openid email profile', redirectUri: APP_URIS });
  const secretAccount = clientSecretAccount(serverKey(sandbox.url), app.clientIdentifier);
  accounts.push(secretAccount);
  await keyring.set(secretAccount, app.clientSecret);
  const settings = {
    'whmcsOAuth.servers': [{ id: 'sandbox', label: 'Sandbox', url: sandbox.url, identifier: sandbox.apiCredential.identifier }],
  };
  const urisNow = () => sandbox.state.getCredential(app.credentialId)?.redirectUri;

  await withWorkbench('ui-sign-in', { extensionPath: repoRoot, settings }, async ({ page, server }) => {
    await clickActivityBarItem(page, 'WHMCS');
    await page.locator('.monaco-list-row', { hasText: 'Sign-In App' }).first().waitFor({ timeout: 60_000 });
    // The report panel, once shown (a locator: it follows the panel's page as it is replaced).
    const report = visibleWebview(page);

    // 1. A pass, through the palette; the test's redirect URI is registered, then removed.
    await runCommand(page, 'WHMCS: Test Sign-In...', 30_000, { asksAtOnce: true });
    await pick(page, 'Sign-In App', /Test Sign-In/);
    await signInInBrowser(page, 'approve', { registerForTest: true });
    await report.locator('.summary.passed').waitFor({ timeout: 60_000 });
    const passed = (await report.locator('#report').textContent()) ?? '';
    assert.match(passed, new RegExp(`Test Sign-In: Sign-In App`));
    assert.match(passed, new RegExp(escapeRegExp(sandbox.clientUser.email)), 'the userinfo email is among the claims');
    assert.equal(await report.locator('tr.passed').count(), 6, 'every step passed');
    assert.deepEqual(urisNow(), APP_URIS, 'the redirect URI registered for the test was not removed');
    await screenshot(page, 'ui-sign-in-report');

    // 2. Declined consent, from the report's Run Again.
    await report.locator('button[data-action="runAgain"]').click();
    await signInInBrowser(page, 'decline', { registerForTest: true });
    await report.locator('.failure', { hasText: 'Run the test again and approve the application' }).waitFor({ timeout: 60_000 });
    assert.match((await report.locator('.failure').textContent()) ?? '', /access_denied/);
    assert.deepEqual(urisNow(), APP_URIS);

    // 3. The secret was reset on the server after it was stored: the fix stores the current one.
    const reset = sandbox.state.getCredential(app.credentialId);
    assert.ok(reset);
    sandbox.state.saveCredential({ ...reset, clientSecret: sandbox.state.newClientSecret() });
    await report.locator('button[data-action="runAgain"]').click();
    await signInInBrowser(page, 'approve', { registerForTest: true });
    const fix = report.locator('button[data-action="fix"]', { hasText: 'Read the current client secret from WHMCS and store it' });
    await fix.waitFor({ timeout: 60_000 });
    assert.match((await report.locator('.failure').textContent()) ?? '', /invalid_client/);
    await fix.click();
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Store Current Secret' }).click({ timeout: 30_000 });
    // The fix runs the test again at once.
    await signInInBrowser(page, 'approve', { registerForTest: true });
    await report.locator('.summary.passed').waitFor({ timeout: 60_000 });
    assert.equal(await keyring.get(secretAccount), sandbox.state.getCredential(app.credentialId)?.clientSecret, 'the keychain does not hold the current secret');
    assert.deepEqual(urisNow(), APP_URIS);

    // 4. A signing key that is not in the JWKS: the ID token is refused.
    sandbox.oidcFaults.set({ rotatedSigningKey: true });
    await report.locator('button[data-action="runAgain"]').click();
    await signInInBrowser(page, 'approve', { registerForTest: true });
    await report.locator('tr.failed[data-step="idToken"]').waitFor({ timeout: 60_000 });
    sandbox.oidcFaults.clear();
    assert.deepEqual(urisNow(), APP_URIS);

    // 5. An expired code: the exchange is refused.
    sandbox.oidcFaults.set({ expireCodes: true });
    await report.locator('button[data-action="runAgain"]').click();
    await signInInBrowser(page, 'approve', { registerForTest: true });
    await report.locator('tr.failed[data-step="token"]').waitFor({ timeout: 60_000 });
    assert.match((await report.locator('.failure').textContent()) ?? '', /invalid_grant/);
    sandbox.oidcFaults.clear();
    assert.deepEqual(urisNow(), APP_URIS);

    // 6. The person does not register the test's URI: the report says so without a browser.
    await report.locator('button[data-action="runAgain"]').click();
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Cancel' }).click({ timeout: 30_000 });
    await report.locator('button[data-action="fix"]', { hasText: /Register http:\/\/127\.0\.0\.1:\d+\/whmcs-oauth\/callback/ }).waitFor({ timeout: 60_000 });
    assert.equal(await report.locator('tr.failed[data-step="credential"]').count(), 1);
    assert.deepEqual(urisNow(), APP_URIS);

    // 7. From the update form's button: the same test for the form's own credential.
    await runCommand(page, 'WHMCS: Update OAuth Credential...', 30_000, { asksAtOnce: true });
    await pick(page, 'Sign-In App', /Update OAuth Credential/);
    const form = visibleWebview(page);
    await form.locator('#test-sign-in').click({ timeout: 60_000 });
    await signInInBrowser(page, 'approve', { registerForTest: true });
    await visibleWebview(page).locator('.summary.passed').waitFor({ timeout: 60_000 });
    assert.deepEqual(urisNow(), APP_URIS);

    // 8. No secret held: the live one, after its modal (used for the test only, not kept).
    await keyring.delete(secretAccount);
    let shown = await reportTime(report);
    await report.locator('button[data-action="runAgain"]').click();
    await signInInBrowser(page, 'approve', { registerForTest: true, useLiveSecret: true });
    shown = await nextReport(report, shown);
    await report.locator('.summary.passed').waitFor({ timeout: 60_000 });
    assert.equal(await keyring.get(secretAccount), undefined, 'the live secret was kept');
    assert.deepEqual(urisNow(), APP_URIS);

    // 9. The removal fails (WHMCS answers its update with an error page): the URI stays, is
    // remembered, and is removed when the extension starts again.
    sandbox.faults.inject({ kind: 'html500', action: 'UpdateOAuthCredential', skip: 1, times: 1 });
    await report.locator('button[data-action="runAgain"]').click();
    await signInInBrowser(page, 'approve', { registerForTest: true, useLiveSecret: true });
    await nextReport(report, shown);
    await report.locator('.summary.passed').waitFor({ timeout: 60_000 });
    assert.equal(urisNow()?.length, APP_URIS.length + 1, 'the failed removal did not leave the test URI (the fault did not apply)');
    // A new window: the workbench and its extension host start again.
    await page.reload();
    await clickActivityBarItem(page, 'WHMCS', 60_000);
    await page.locator('.monaco-list-row', { hasText: 'Sign-In App' }).first().waitFor({ timeout: 60_000 });
    await until(() => JSON.stringify(urisNow()) === JSON.stringify(APP_URIS), 60_000, 'the remembered removal was not retried after the restart');

    const secrets = [sandbox.state.getCredential(app.credentialId)?.clientSecret ?? '', app.clientSecret, sandbox.apiCredential.secret, sandbox.clientUser.password];
    assert.deepEqual(filesContaining(server.userDataDir, secrets), [], 'a secret was written into the VS Code user data folder');
  });
});

/**
 * Agrees to register the test's redirect URI, lets VS Code open the authorize page, and signs in
 * and answers consent at that address in the person's browser.
 */
async function signInInBrowser(page: Page, answer: 'approve' | 'decline', options: { registerForTest: boolean; useLiveSecret?: boolean }): Promise<void> {
  if (options.registerForTest) await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Register for This Test' }).click({ timeout: 30_000 });
  if (options.useLiveSecret) await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Use Live Secret' }).click({ timeout: 30_000 });
  const context = page.context();
  const newTab = context.waitForEvent('page', { timeout: 60_000 });
  const authorizeRequest = context.waitForEvent('request', { predicate: (request) => request.url().includes('/oauth/authorize.php') && request.isNavigationRequest(), timeout: 60_000 });
  // VS Code opens the sandbox's loopback address without asking (it trusts loopback addresses).
  const [workbenchTab, request] = await Promise.all([newTab, authorizeRequest]);
  await workbenchTab.close();
  const person = await personBrowser.newContext();
  try {
    await signInAndConsent(await person.newPage(), request.url(), sandbox.clientUser, answer);
  } finally {
    await person.close();
  }
}

type WebviewContent = ReturnType<typeof visibleWebview>;

/** When the report on screen ran (its header line), '' when none is shown. */
async function reportTime(report: WebviewContent): Promise<string> {
  return (await report.locator('#report p.meta').first().textContent({ timeout: 10_000 }).catch(() => '')) ?? '';
}

/** Waits for a report other than the one shown at `previous` (a report of the same outcome looks alike). */
async function nextReport(report: WebviewContent, previous: string): Promise<string> {
  const next = report.locator('#report p.meta', previous ? { hasNotText: previous } : {}).first();
  await next.waitFor({ timeout: 60_000 });
  return (await next.textContent()) ?? '';
}

/** Polls a condition of the sandbox's state (no event tells when the extension's retry lands). */
async function until(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The content of the webview that is showing (the report, or the form). */
function visibleWebview(page: Page) {
  return page.locator('iframe.webview:visible').contentFrame().locator('#active-frame').contentFrame();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
