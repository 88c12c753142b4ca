// The CLI as people install it: the npm release tarball (`npm pack`) installed globally with
// `npm install -g` into a temporary prefix. npm resolves @napi-rs/keyring's binary package for
// this machine, and the installed `whmcs-oauth` reads its API secret from the keychain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { apiSecretAccount, serverKey } from '../../src/core/secrets/keychainLayout';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { runProcess } from './support/runProcess';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'whmcs-oauth-cli-release-'));
const prefix = join(work, 'prefix');
const keychain = new KeychainSecretStore();
let box: Sandbox;
let account: string;

/** The keyring package npm picks on this machine, as @napi-rs/keyring's loader names it. */
function hostKeyringPackage(): string {
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const abi = process.platform === 'linux' ? (report.header?.glibcVersionRuntime ? '-gnu' : '-musl') : process.platform === 'win32' ? '-msvc' : '';
  return `keyring-${process.platform}-${process.arch}${process.arch === 'arm' ? '-gnueabihf' : abi}`;
}

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` (npm test does)');
  box = await createSandbox();
  account = apiSecretAccount(serverKey(box.url), box.apiCredential.identifier);
});

after(async () => {
  await keychain.delete(account).catch(() => false);
  await box.close();
  rmSync(work, { recursive: true, force: true });
});

test('npm pack makes a tarball of the CLI and its docs only', async () => {
  // --ignore-scripts: dist/cli.js is already built, and prepack's rebuild must not rewrite dist/
  // under the suites running beside this one.
  const pack = await runProcess('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
  assert.equal(pack.code, 0, pack.stderr);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  assert.deepEqual(packed!.files.map((file) => file.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json']);

  const install = await runProcess('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(work, packed!.filename)]);
  assert.equal(install.code, 0, install.stderr);
  const installed = join(prefix, 'lib', 'node_modules', 'whmcs-oauth', 'node_modules', '@napi-rs');
  assert.deepEqual(readdirSync(installed).sort(), ['keyring', hostKeyringPackage()], 'the keyring packages npm installed');
});

test('the installed whmcs-oauth lists credentials with its API secret from the keychain', async () => {
  const bin = join(prefix, 'bin', 'whmcs-oauth');
  assert.ok(existsSync(bin), 'the global install made no whmcs-oauth command (the test above failed?)');
  await keychain.set(account, box.apiCredential.secret);
  const env: NodeJS.ProcessEnv = { ...process.env, WHMCS_URL: box.url, WHMCS_API_IDENTIFIER: box.apiCredential.identifier };
  for (const name of ['WHMCS_API_SECRET', 'WHMCS_API_SECRET_FILE']) delete env[name];
  const list = await runProcess(bin, ['list', '--json'], { env });
  assert.equal(list.code, 0, list.stderr);
  const listed = JSON.parse(list.stdout) as unknown[];
  assert.equal(listed.length, box.state.listCredentials().length);
  assert.ok(!list.stdout.includes(box.apiCredential.secret) && !list.stderr.includes(box.apiCredential.secret), 'the API secret was printed');
});
