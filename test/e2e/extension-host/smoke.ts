// Runs inside the real extension host: the extension is installed, activates, and registers its
// commands. Optionally (WHMCS_OAUTH_E2E_SECRET_PROBE) reads a secret that the test process wrote
// to the private Secret Service, proving the extension host shares that keychain.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'whmcs-oauth.whmcs-oauth';

async function checkKeychain(expected: string): Promise<void> {
  // Loaded lazily, as the extension does: a native module resolved from node_modules.
  const { Entry } = await import('@napi-rs/keyring');
  const entry = new Entry('whmcs-oauth-e2e', 'smoke-probe', { linux: { store: 'secret-service' } });
  assert.equal(entry.getPassword(), expected, 'the extension host does not see the test keychain');
}

async function warmedUp(): Promise<void> {
  const loaded = () => {
    const paths = Object.keys(require.cache);
    return paths.some((path) => /[\\/]dist[\\/]core\.js$/.test(path)) && paths.some((path) => path.includes('@napi-rs'));
  };
  const deadline = Date.now() + 60_000;
  while (!loaded()) {
    assert.ok(Date.now() < deadline, 'dist/core.js and the keychain module were not loaded after activation');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  const exported: unknown = await extension.activate();
  assert.equal(extension.isActive, true, `${extensionId} did not activate`);
  // The shipped bundle has no testing API: nothing for another extension to call, in any mode.
  assert.equal(exported, undefined, 'the shipped bundle exports something');

  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes('whmcsOAuth.showLog'), 'whmcsOAuth.showLog is not registered');

  // Activated when start-up finished, the extension loads its core and the keychain's module
  // while the workbench is idle, so that the first view does not wait for them.
  await warmedUp();

  const probe = process.env.WHMCS_OAUTH_E2E_SECRET_PROBE;
  if (probe) await checkKeychain(probe);
  console.log(`smoke: ${extensionId} active, commands registered, core warmed up${probe ? ', keychain shared' : ''}`);
}
