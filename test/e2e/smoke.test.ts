// Proves the end-to-end harness: a real code-server extension host runs the extension and test
// modules (and reports their failures), shares the private test keychain, and the workbench can
// be driven from a real browser.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Entry } from '@napi-rs/keyring';
import { buildTestModule } from './harness/buildTestModule';
import { repoRoot } from './harness/paths';
import { runExtensionTests } from './harness/runExtensionTests';
import { withWorkbench } from './harness/session';
import { runCommand, screenshot, waitForOutputChannel } from './harness/workbench';

const hostModules = join(__dirname, 'extension-host');
const timeout = 120_000;

/** With scripts/with-keyring.sh: a secret the extension host must read back. */
function keychainProbe(): { env: Record<string, string>; cleanup(): void } {
  if (process.env.WHMCS_OAUTH_TEST_KEYRING !== '1') return { env: {}, cleanup() {} };
  const entry = new Entry('whmcs-oauth-e2e', 'smoke-probe', { linux: { store: 'secret-service' } });
  const secret = randomUUID();
  entry.setPassword(secret);
  return { env: { WHMCS_OAUTH_E2E_SECRET_PROBE: secret }, cleanup: () => void entry.deleteCredential() };
}

describe('e2e harness', () => {
  before(() => {
    assert.ok(existsSync(join(repoRoot, 'dist', 'extension.js')), 'dist/extension.js is missing: run npm run build');
  });

  test('the extension activates in a real extension host and registers its commands', { timeout }, async () => {
    const testsModulePath = await buildTestModule(join(hostModules, 'smoke.ts'));
    const probe = keychainProbe();
    try {
      const result = await runExtensionTests({ extensionPath: repoRoot, testsModulePath, env: probe.env });
      assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
      const keychain = probe.env.WHMCS_OAUTH_E2E_SECRET_PROBE ? ', keychain shared' : '';
      assert.match(result.log, new RegExp(`smoke: whmcs-oauth\\.whmcs-oauth active, commands registered, core warmed up${keychain}`));
    } finally {
      probe.cleanup();
    }
  });

  test('a test module that throws gives a non-zero exit code', { timeout }, async () => {
    const testsModulePath = await buildTestModule(join(hostModules, 'failing.ts'));
    const result = await runExtensionTests({ extensionPath: repoRoot, testsModulePath });
    assert.notEqual(result.exitCode, 0);
    assert.match(result.log, /deliberate failure from the e2e harness self-test/);
    assert.ok(result.artifacts.some((path) => path.endsWith('.png')), 'no screenshot saved on failure');
  });

  test('"WHMCS: Show Log" from the command palette shows the WHMCS OAuth output channel', { timeout }, async () => {
    await withWorkbench('smoke-show-log', { extensionPath: repoRoot }, async ({ page }) => {
      await runCommand(page, 'WHMCS: Show Log');
      // The first run activates the extension, which registers its channel asynchronously; if
      // the panel missed it, running the command once more must show it.
      await waitForOutputChannel(page, 'WHMCS OAuth', 10_000).catch(async () => {
        await runCommand(page, 'WHMCS: Show Log');
        await waitForOutputChannel(page, 'WHMCS OAuth');
      });
      await screenshot(page, 'smoke-show-log');
    });
  });
});
