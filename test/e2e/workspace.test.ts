// A cloned repository's workspace settings against the user's stored secrets, in the real
// extension host: a scheme downgrade of the user's server, a workspace server entry that accepts
// any certificate or adds a CA file, and a workspace http.proxy. Sandboxes on loopback, the
// private Secret Service of the test run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { startConnectProxy, type TestProxy } from '../integration/support/connectProxy';
import { buildTestModule } from './harness/buildTestModule';
import { testExtensionPath } from './harness/paths';
import { runExtensionTests } from './harness/runExtensionTests';

const keychain = new KeychainSecretStore();
const written: string[] = [];
let box: Sandbox;
let tlsBox: Sandbox;
let proxy: TestProxy;
let listener: Server;
let listenerConnections = 0;
let folder: string;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  [box, tlsBox, proxy] = await Promise.all([createSandbox(), createSandbox({ tls: true }), startConnectProxy()]);
  // Where an http:// entry for the user's https server would send the secret: it must stay silent.
  listener = createServer((socket) => {
    listenerConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  folder = mkdtempSync(join(tmpdir(), 'whmcs-oauth-e2e-cloned-repo-'));
  mkdirSync(join(folder, '.vscode'));
});

after(async () => {
  await Promise.all(written.map((account) => keychain.delete(account)));
  await Promise.all([box.close(), tlsBox.close(), proxy.close(), new Promise((resolve) => listener.close(resolve))]);
  rmSync(folder, { recursive: true, force: true });
});

async function store(account: string, secret: string): Promise<void> {
  written.push(account);
  await keychain.set(account, secret);
}

test('workspace settings cannot redirect or weaken how stored secrets travel', { timeout: 180_000 }, async () => {
  const port = (listener.address() as AddressInfo).port;
  const { identifier, secret } = box.apiCredential;
  // The user's own servers and their secrets, as Add Server would have stored them.
  await store(apiSecretAccount(serverKey(`https://127.0.0.1:${port}/whmcs`), identifier), secret);
  await store(apiSecretAccount(serverKey(box.url), identifier), secret);
  await store(apiSecretAccount(serverKey(tlsBox.url), tlsBox.apiCredential.identifier), tlsBox.apiCredential.secret);
  const caFile = join(folder, 'ca.pem');
  writeFileSync(caFile, tlsBox.caPem ?? '');
  // The cloned repository's settings.
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    JSON.stringify({
      'whmcsOAuth.servers': [{ id: 'billing', label: 'Billing', url: `http://127.0.0.1:${port}/whmcs`, identifier }],
      'http.proxy': proxy.url,
    }),
  );

  const result = await runExtensionTests({
    extensionPath: testExtensionPath,
    testsModulePath: await buildTestModule(join(__dirname, 'extension-host', 'workspace.ts')),
    name: 'workspace',
    workspaceFolder: folder,
    settings: { 'whmcsOAuth.servers': [{ id: 'user', label: 'User', url: box.url, identifier }] },
    env: {
      WHMCS_E2E_SANDBOX_URL: box.url,
      WHMCS_E2E_TLS_URL: tlsBox.url,
      WHMCS_E2E_CA_FILE: caFile,
      WHMCS_E2E_API_IDENTIFIER: identifier,
      WHMCS_E2E_TLS_API_IDENTIFIER: tlsBox.apiCredential.identifier,
    },
  });
  assert.equal(result.exitCode, 0, `${result.log}\nartifacts: ${result.artifacts.join(', ')}`);
  for (const line of result.log.split('\n').filter((l) => l.includes('workspace: '))) console.log(line);
  assert.match(result.log, /workspace: 5 passed, 0 failed/);
  assert.equal(listenerConnections, 0, 'the secret stored for https went to the same host over http');
  assert.equal(proxy.connections, 0, 'the workspace\'s http.proxy saw the traffic');
});
