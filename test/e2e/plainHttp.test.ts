// Plain http to a host that is not this machine, in the real extension host: refused unless the
// server entry allows it. The host name reaches the sandbox through a CONNECT proxy on loopback
// (the user's http.proxy), so no traffic leaves the machine.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { startConnectProxy, type TestProxy } from '../integration/support/connectProxy';
import { buildTestModule } from './harness/buildTestModule';
import { testExtensionPath } from './harness/paths';
import { runExtensionTests } from './harness/runExtensionTests';

const url = 'http://billing.example.test/whmcs';
const keychain = new KeychainSecretStore();
let box: Sandbox;
let proxy: TestProxy;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  box = await createSandbox();
  proxy = await startConnectProxy({ hostMap: { 'billing.example.test:80': Number(new URL(box.url).port) } });
  await keychain.set(apiSecretAccount(serverKey(url), box.apiCredential.identifier), box.apiCredential.secret);
});

after(async () => {
  await keychain.delete(apiSecretAccount(serverKey(url), box.apiCredential.identifier));
  await Promise.all([box.close(), proxy.close()]);
});

test('plain http to another machine needs allowInsecureHttp on the server entry', { timeout: 180_000 }, async () => {
  const { identifier } = box.apiCredential;
  const result = await runExtensionTests({
    extensionPath: testExtensionPath,
    testsModulePath: await buildTestModule(join(__dirname, 'extension-host', 'plainHttp.ts')),
    name: 'plain-http',
    settings: {
      'http.proxy': proxy.url,
      'whmcsOAuth.servers': [
        { id: 'plain', label: 'Plain', url, identifier },
        { id: 'allowed', label: 'Allowed', url, identifier, allowInsecureHttp: true },
      ],
    },
  });
  assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
  assert.match(result.log, /plain-http: 2 passed, 0 failed/);
  // One connection, the allowed entry's: the refused one never reached the network.
  assert.deepEqual(proxy.targets, ['billing.example.test:80']);
});
