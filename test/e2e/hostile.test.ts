// Hostile server data through the tree and the form in the real extension host (see
// extension-host/hostile.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { buildTestModule } from './harness/buildTestModule';
import { extensionLog } from './harness/extensionLog';
import { testExtensionPath } from './harness/paths';
import { runExtensionTests } from './harness/runExtensionTests';

let accountsBefore: string[] = [];
let channelLog = '';

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  accountsBefore = await new KeychainSecretStore().accounts();
});

after(async () => {
  // The run stored its sandbox's API secret: leave the shared keychain as it was.
  const keychain = new KeychainSecretStore();
  for (const account of await keychain.accounts()) if (!accountsBefore.includes(account)) await keychain.delete(account);
});

test('hostile server data: plain text in the tree, exact in the form, unchanged on the server', { timeout: 180_000 }, async () => {
  const result = await runExtensionTests({
    extensionPath: testExtensionPath,
    testsModulePath: await buildTestModule(join(__dirname, 'extension-host', 'hostile.ts')),
    name: 'hostile',
    inspectUserData: ({ userData }) => (channelLog = extensionLog(userData)),
  });
  for (const line of result.log.split('\n').filter((l) => l.includes('hostile: '))) console.log(line);
  assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
  assert.match(result.log, /hostile: 12 passed, 0 failed/);
  // Each rejected message is logged with its reason, never with its values.
  assert.equal(channelLog.match(/rejected a webview message \(/g)?.length, 18);
  assert.ok(!channelLog.includes('HOSTILE-MESSAGE-VALUE'), 'a rejected message\'s value reached the log');
  // A declined reset is logged as such.
  assert.match(channelLog, /the person declined the secret reset; nothing was sent/);
});
