// With no usable OS keychain in the extension host, secrets go to VS Code Secret Storage and
// the extension keeps working; the keychain of the test run stays empty for that server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { serverAccountPrefix, serverKey } from '../../src/core/secrets/keychainLayout';
import { buildTestModule } from './harness/buildTestModule';
import { testExtensionPath } from './harness/paths';
import { runExtensionTests } from './harness/runExtensionTests';

let sandbox: Sandbox;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  sandbox = await createSandbox();
});

after(async () => {
  await sandbox.close();
});

test('keychain unavailable: VS Code Secret Storage takes the secrets', { timeout: 180_000 }, async () => {
  const result = await runExtensionTests({
    extensionPath: testExtensionPath,
    testsModulePath: await buildTestModule(join(__dirname, 'extension-host', 'fallback.ts')),
    name: 'fallback',
    env: {
      DBUS_SESSION_BUS_ADDRESS: '',
      WHMCS_E2E_SANDBOX_URL: sandbox.url,
      WHMCS_E2E_API_IDENTIFIER: sandbox.apiCredential.identifier,
    },
    secrets: { apiSecret: sandbox.apiCredential.secret },
  });
  for (const line of result.log.split('\n').filter((l) => l.includes('fallback: '))) console.log(line);
  assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
  assert.match(result.log, /fallback: 3 passed, 0 failed/);
  // By this sandbox's own identifiers: an earlier suite's sandbox may have had the same port.
  const names = [sandbox.apiCredential.identifier, ...sandbox.state.listCredentials().map((c) => c.clientIdentifier)];
  const inKeychain = (await new KeychainSecretStore().accounts(serverAccountPrefix(serverKey(sandbox.url)))).filter((account) =>
    names.some((name) => account.endsWith(`/${name}`) || account.endsWith(`/api:${name}`)),
  );
  assert.deepEqual(inKeychain, [], 'a secret went to the keychain although the extension host could not reach it');
});
