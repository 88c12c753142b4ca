// A platform without a keychain binary (an OS no VSIX is made for, or VS Code for the Web): no
// package pretends to cover it, and the extension, should it run there anyway, says so and keeps
// secrets in VS Code Secret Storage. Here the real @napi-rs/keyring loader of a VSIX made for
// another platform (darwin-arm64, on this Linux machine) stands in for such a platform.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type * as Keyring from '@napi-rs/keyring';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { MemorySecretStore } from '../../src/core/secrets/memoryStore';
import { chooseSecretStore } from '../../src/core/secrets/storeChoice';
import { runProcess } from './support/runProcess';
import { zipEntries, zipEntryBytes, zipEntryText } from './support/zipEntries';

const root = resolve(__dirname, '../..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'whmcs-oauth-no-binary-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('no web or universal VSIX is made, and the extension declares no browser entry', async () => {
  for (const target of ['web', 'universal', 'freebsd-x64']) {
    const run = await runProcess(process.execPath, [join(root, 'scripts', 'package.mjs'), '--target', target]);
    assert.equal(run.code, 1, `package --target ${target} succeeded`);
    assert.match(run.stderr, /Unknown target/);
  }
  // `npm run package` on a machine without a binary refuses instead of making a VSIX without one.
  const unknownHost = await runProcess(process.execPath, [
    '--input-type=module',
    '-e',
    `import { hostTarget } from ${JSON.stringify(join(root, 'scripts', 'package.mjs'))}; hostTarget('freebsd', 'x64', false);`,
  ]);
  assert.notEqual(unknownHost.code, 0);
  assert.match(unknownHost.stderr, /No VSIX can be made for freebsd-x64/);
  // Without "browser", VS Code for the Web shows the extension as not available instead of running half of it.
  const manifest = JSON.parse(zipEntryText(join(root, 'dist', 'whmcs-oauth.vsix'), 'extension/package.json')) as Record<string, unknown>;
  assert.equal(manifest.browser, undefined);
  assert.equal(manifest.main, './dist/extension.js');
});

test('where the keychain binary does not match, auto falls back to VS Code Secret Storage and names the platform', async () => {
  const vsix = join(root, 'dist', `whmcs-oauth-darwin-arm64-${version}.vsix`);
  for (const { name } of zipEntries(vsix)) {
    const file = join(work, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, zipEntryBytes(vsix, name));
  }
  // The require the bundle does, from the unpacked extension/dist/.
  const bundleRequire = createRequire(join(work, 'extension', 'dist', 'extension.js'));
  const keychain = new KeychainSecretStore({ loadKeyring: () => bundleRequire('@napi-rs/keyring') as typeof Keyring });
  const fallback = new MemorySecretStore();
  const choice = await chooseSecretStore('auto', () => keychain, () => fallback);
  assert.equal(choice.store, fallback, 'secrets did not go to the fallback store');
  const platform = `${process.platform}-${process.arch}`;
  assert.match(choice.fallbackReason ?? '', new RegExp(`could not be loaded on ${platform}`));
  assert.match(choice.fallbackHint ?? '', new RegExp(`made for ${platform}`));
});
