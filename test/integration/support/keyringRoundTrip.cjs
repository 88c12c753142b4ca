// Runs inside a foreign-architecture Node (under qemu-user) against an unpacked VSIX: loads
// @napi-rs/keyring the way the extension bundle does (a require from extension/dist/), reads the
// entry the test stored, stores a new secret in its place and reads it back. Input on stdin as
// JSON { extensionDir, service, account, expected, next }; prints only facts, never a secret.
const { createRequire } = require('node:module');
const { join } = require('node:path');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const { extensionDir, service, account, expected, next } = JSON.parse(input);
  const bundleRequire = createRequire(join(extensionDir, 'dist', 'extension.js'));
  const { AsyncEntry } = bundleRequire('@napi-rs/keyring');
  // As src/secrets/keychainStore.ts: pinned to the Secret Service.
  const entry = new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  const found = await entry.getPassword();
  await entry.setPassword(next);
  const readBack = await entry.getPassword();
  const loaded = (process.report.getReport().sharedObjects || []).filter((file) => file.endsWith('.node'));
  console.log(
    JSON.stringify({
      arch: process.arch,
      nodeVersion: process.version,
      loaded: loaded.map((file) => file.slice(extensionDir.length + 1)),
      readTheStoredSecret: found === expected,
      storedAndReadBack: readBack === next,
    }),
  );
});
