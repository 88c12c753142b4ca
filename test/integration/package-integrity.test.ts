// scripts/package.mjs takes each keyring package only at the integrity package-lock.json pins:
// a registry tarball that differs is refused, and a damaged cached one is fetched again.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runProcess } from './support/runProcess';

const root = resolve(__dirname, '../..');
const cache = mkdtempSync(join(tmpdir(), 'whmcs-oauth-package-cache-'));
after(() => rmSync(cache, { recursive: true, force: true }));

/** Runs fetchLocked(locked, cache) of scripts/package.mjs in a child process; prints the path. */
function fetchLocked(locked: { name: string; version: string; integrity: string }) {
  const script = `import { fetchLocked } from ${JSON.stringify(join(root, 'scripts', 'package.mjs'))};
    console.log(fetchLocked(${JSON.stringify(locked)}, ${JSON.stringify(cache)}));`;
  return runProcess(process.execPath, ['--input-type=module', '-e', script]);
}

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };
const pinned = { name: '@napi-rs/keyring', ...lock.packages['node_modules/@napi-rs/keyring']! };

test('a tarball whose integrity is not the pinned one is refused', async () => {
  const wrong = { ...pinned, integrity: `sha512-${Buffer.alloc(64).toString('base64')}` };
  const run = await fetchLocked(wrong);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /from the registry is sha512-\S+, but package-lock\.json pins sha512-A+==/);
});

test('the pinned tarball is fetched, and a damaged cached copy is replaced', async () => {
  const first = await fetchLocked(pinned);
  assert.equal(first.code, 0, first.stderr);
  const file = first.stdout.trim();
  writeFileSync(file, 'damaged');
  const again = await fetchLocked(pinned);
  assert.equal(again.code, 0, again.stderr);
  assert.notEqual(readFileSync(file, 'utf8'), 'damaged', 'the damaged tarball was used');
});
