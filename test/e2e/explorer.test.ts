// The explorer in the real VS Code extension host, against a sandbox WHMCS on loopback and the
// private Secret Service of the test run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { closedPort } from '../integration/support/closedPort';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { serverAccountPrefix, serverKey } from '../../src/core/secrets/keychainLayout';
import { buildTestModule } from './harness/buildTestModule';
import { testExtensionPath } from './harness/paths';
import { runExtensionTests } from './harness/runExtensionTests';

let sandbox: Sandbox;
/** More credentials than the tree shows at once. */
let big: Sandbox;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  sandbox = await createSandbox();
  big = await createSandbox({ seed: 1_050 });
});

after(async () => {
  // The run stored this sandbox's secrets in the keychain: leave nothing for later suites.
  const keychain = new KeychainSecretStore();
  for (const account of await keychain.accounts(serverAccountPrefix(serverKey(sandbox.url)))) await keychain.delete(account);
  await sandbox.close();
  await big.close();
});

test('explorer: servers, tree, reset into the keychain, a save that keeps the secret, delete, error node', { timeout: 180_000 }, async () => {
  const testsModulePath = await buildTestModule(join(__dirname, 'extension-host', 'explorer.ts'));
  const result = await runExtensionTests({
    extensionPath: testExtensionPath,
    testsModulePath,
    name: 'explorer',
    env: {
      WHMCS_E2E_SANDBOX_URL: sandbox.url,
      WHMCS_E2E_API_IDENTIFIER: sandbox.apiCredential.identifier,
      WHMCS_E2E_UNREACHABLE_URL: `http://127.0.0.1:${await closedPort()}/whmcs`,
      WHMCS_E2E_BIG_URL: big.url,
      WHMCS_E2E_BIG_IDENTIFIER: big.apiCredential.identifier,
    },
    secrets: { apiSecret: sandbox.apiCredential.secret, bigApiSecret: big.apiCredential.secret },
  });
  assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
  for (const line of result.log.split('\n').filter((l) => l.includes('explorer: '))) console.log(line);
  assert.match(result.log, /explorer: 13 passed, 0 failed/);
  for (const credential of sandbox.state.listCredentials()) {
    assert.ok(!result.log.includes(credential.clientSecret), 'a client secret reached the extension host log');
  }
  assert.ok(!result.log.includes(sandbox.apiCredential.secret), 'the API secret reached the extension host log');
});
