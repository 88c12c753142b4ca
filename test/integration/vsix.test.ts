// The VSIX that users install (built by `npm run package`, which `npm test` runs first) ships the
// bundles, the native keyring module and the docs, and nothing of the sources, tests or sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { zipEntries, zipEntryText } from './support/zipEntries';

const vsix = resolve(__dirname, '../../dist/whmcs-oauth.vsix');

test('the VSIX holds exactly what the extension needs at run time', () => {
  assert.ok(existsSync(vsix), 'dist/whmcs-oauth.vsix is missing: run `npm run package` (npm test does)');
  const names = zipEntries(vsix).map((entry) => entry.name);
  for (const required of [
    'extension/package.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/dist/core.js',
    'extension/dist/oidc.js',
    'extension/media/form.css',
    'extension/media/whmcs.svg',
    'extension/dist/webview/form.js',
    'extension/node_modules/@napi-rs/keyring/index.js',
    'extension/node_modules/@napi-rs/keyring/package.json',
  ]) {
    assert.ok(names.includes(required), `${required} is missing`);
  }
  assert.ok(
    names.some((name) => /^extension\/node_modules\/@napi-rs\/keyring-[^/]+\/[^/]+\.node$/.test(name)),
    'the native keyring binary for this platform is missing',
  );
  const forbidden = names.filter((name) =>
    /^extension\/(src|sandbox|test|scripts|bench|\.ci|\.scratch)\/|\.map$|\.ts$|^extension\/dist\/cli\.js$|^extension\/node_modules\/(?!@napi-rs\/keyring)|tsconfig|eslint/.test(
      name.replace(/\.d\.ts$/, '.d'),
    ),
  );
  assert.deepEqual(forbidden, [], 'files the extension does not need at run time');
});

// The testing API (prompts answered by code, secret stores reached directly, servers added without
// the person) is built only into out/test-extension: another extension must find none of it.
test('the shipped bundle holds no testing API', () => {
  // Property names of the testing API: they survive minification, unlike class names.
  const seams = ['setPromptsForTesting', 'injectSecretStoreFailureForTesting', 'onDidShowNotice', 'formProbe', 'whenLoaded', 'onDidAnswer'];
  const shipped = zipEntryText(vsix, 'extension/dist/extension.js');
  assert.deepEqual(seams.filter((name) => shipped.includes(name)), [], 'testing API names in the packaged dist/extension.js');
  // The same check finds them in the test build, so it can fail.
  const testBuild = readFileSync(resolve(__dirname, '../../out/test-extension/dist/extension.js'), 'utf8');
  assert.deepEqual(seams.filter((name) => !testBuild.includes(name)), [], 'the test build lacks its testing API (run npm run build:test-extension)');
});

// openid-client (with jose) loads only when a sign-in test runs: it is in dist/oidc.js alone.
test('openid-client is shipped in dist/oidc.js and nowhere else', () => {
  // An error code of oauth4webapi (openid-client's engine): a string minification keeps.
  const marker = 'OAUTH_KEY_SELECTION_FAILED';
  assert.ok(zipEntryText(vsix, 'extension/dist/oidc.js').includes(marker), 'dist/oidc.js lacks openid-client');
  for (const bundle of ['extension/dist/extension.js', 'extension/dist/core.js']) {
    assert.ok(!zipEntryText(vsix, bundle).includes(marker), `${bundle} carries openid-client`);
  }
});
