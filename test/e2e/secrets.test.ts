// Never lose a reset secret, for every combination of working and failing stores, in the real
// extension host (see extension-host/secrets.ts). The suite has a Secret Service of its own,
// because it kills it halfway.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder } from '../support/canaryScan';
import { test } from 'node:test';
import { buildTestModule } from './harness/buildTestModule';
import { testExtensionPath } from './harness/paths';
import { startPrivateKeyring } from './harness/privateKeyring';
import { runExtensionTests } from './harness/runExtensionTests';

let stateFiles: string[] = [];

test('a reset secret is never lost: keychain, answer lost, outcome unknown, keychain dies, both fail, keychain only', { timeout: 180_000 }, async () => {
  const keyring = await startPrivateKeyring();
  try {
    const result = await runExtensionTests({
      extensionPath: testExtensionPath,
      testsModulePath: await buildTestModule(join(__dirname, 'extension-host', 'secrets.ts')),
      name: 'secrets',
      env: { DBUS_SESSION_BUS_ADDRESS: keyring.address, WHMCS_E2E_KEYRING_BUS_PID: String(keyring.busPid) },
      inspectUserData: ({ browserProfile }) => {
        // The harness searched this profile for every secret; it is where the extension's global
        // state went (the VS Code Secret Storage account index is written there).
        stateFiles = filesUnder(browserProfile).filter((path) => readFileSync(path).includes('whmcsOAuth.secretStorageAccounts'));
      },
    });
    for (const line of result.log.split('\n').filter((l) => l.includes('secrets: '))) console.log(line);
    assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
    assert.match(result.log, /secrets: 9 passed, 0 failed/);
    assert.ok(stateFiles.length > 0, 'the extension\'s global state is not in the browser profile the harness searched');
  } finally {
    keyring.stop();
  }
});
