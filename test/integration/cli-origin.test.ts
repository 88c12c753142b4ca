// A secret kept in the keychain goes only to the origin (scheme, host, port, path) it was stored
// for: the built CLI as a process, the real Secret Service, sandboxes over http and https.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, legacyAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { runProcess } from './support/runProcess';

const cli = resolve(__dirname, '../../dist/cli.js');
const keychain = new KeychainSecretStore();
const written: string[] = [];
let plain: Sandbox;
let secure: Sandbox;
let caDir: string;

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)');
  [plain, secure] = await Promise.all([createSandbox(), createSandbox({ tls: true })]);
  caDir = await mkdtemp(join(tmpdir(), 'whmcs-oauth-ca-'));
  await writeFile(join(caDir, 'ca.pem'), secure.caPem ?? '');
});

after(async () => {
  await Promise.all(written.map((account) => keychain.delete(account)));
  await Promise.all([plain.close(), secure.close(), rm(caDir, { recursive: true, force: true })]);
});

async function store(account: string, secret: string): Promise<void> {
  written.push(account);
  await keychain.set(account, secret);
}

function listWithKeychain(url: string, identifier: string, extra: string[] = []) {
  const env = { ...process.env, WHMCS_API_SECRET: '', WHMCS_URL: '' };
  return runProcess(process.execPath, [cli, 'list', '--url', url, '--identifier', identifier, ...extra], { env });
}

test('a secret stored for https is not sent to the same host over http', async () => {
  const { identifier, secret } = plain.apiCredential;
  // What 0.1.0 wrote for this host (no scheme, meaning https), and the same for https explicitly.
  const httpsKey = serverKey(plain.url.replace(/^http:/, 'https:'));
  const legacy = legacyAccount(apiSecretAccount(httpsKey, identifier));
  assert.ok(legacy);
  await store(legacy, secret);
  await store(apiSecretAccount(httpsKey, identifier), secret);
  plain.resetStats();

  const result = await listWithKeychain(plain.url, identifier);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /no API secret/);
  assert.ok(result.stderr.includes(apiSecretAccount(serverKey(plain.url), identifier)), 'names the account it looked for');
  assert.equal(plain.stats().requests, 0, 'nothing was sent to the http server');
  assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
});

test('a secret stored for http is used for that http origin only', async () => {
  const { identifier, secret } = plain.apiCredential;
  await store(apiSecretAccount(serverKey(plain.url), identifier), secret);
  const ok = await listWithKeychain(plain.url, identifier);
  assert.equal(ok.code, 0, ok.stderr);
  // Another path on the same host and port is another server.
  const otherPath = await listWithKeychain(plain.url.replace(/\/whmcs$/, '/other'), identifier);
  assert.equal(otherPath.code, 2, otherPath.stderr);
});

test('an entry of 0.1.0 (no scheme) is still read for https', async () => {
  const { identifier, secret } = secure.apiCredential;
  const legacy = legacyAccount(apiSecretAccount(serverKey(secure.url), identifier));
  assert.ok(legacy);
  await store(legacy, secret);
  const result = await listWithKeychain(secure.url, identifier, ['--ca-file', join(caDir, 'ca.pem')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /CLIENT ID/);
});
