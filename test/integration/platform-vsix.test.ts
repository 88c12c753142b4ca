// The nine platform VSIXes of `npm run package:all` (which `npm test` runs first): each is marked
// for its VS Code target and carries exactly one keychain binary, the one built for that target,
// read from the binary's own header; everything else is the same bytes in every VSIX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nativeFormat, type NativeFormat } from './support/nativeBinary';
import { zipEntries, zipEntryBytes, zipEntryText } from './support/zipEntries';

const root = resolve(__dirname, '../..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** What each target must carry: written out here, independently of scripts/package.mjs. */
const EXPECTED: Record<string, { suffix: string; binary: Partial<NativeFormat> & Record<string, unknown>; libc?: 'glibc' | 'musl' }> = {
  'win32-x64': { suffix: 'win32-x64-msvc', binary: { format: 'pe', machine: 'x86-64', pe32Plus: true, dll: true } },
  'win32-arm64': { suffix: 'win32-arm64-msvc', binary: { format: 'pe', machine: 'aarch64', pe32Plus: true, dll: true } },
  'darwin-x64': { suffix: 'darwin-x64', binary: { format: 'mach-o', cpu: 'x86_64', bundleOrDylib: true } },
  'darwin-arm64': { suffix: 'darwin-arm64', binary: { format: 'mach-o', cpu: 'arm64', bundleOrDylib: true } },
  'linux-x64': { suffix: 'linux-x64-gnu', binary: { format: 'elf', machine: 'x86-64', bits: 64 }, libc: 'glibc' },
  'linux-arm64': { suffix: 'linux-arm64-gnu', binary: { format: 'elf', machine: 'aarch64', bits: 64 }, libc: 'glibc' },
  'linux-armhf': { suffix: 'linux-arm-gnueabihf', binary: { format: 'elf', machine: 'arm', bits: 32, hardFloat: true }, libc: 'glibc' },
  'alpine-x64': { suffix: 'linux-x64-musl', binary: { format: 'elf', machine: 'x86-64', bits: 64 }, libc: 'musl' },
  'alpine-arm64': { suffix: 'linux-arm64-musl', binary: { format: 'elf', machine: 'aarch64', bits: 64 }, libc: 'musl' },
};

const MAX_BYTES = 3 * 1024 * 1024;
const MANIFEST = 'extension.vsixmanifest';
const PLATFORM_PACKAGE = /^extension\/node_modules\/@napi-rs\/keyring-([^/]+)\//;

const vsixOf = (target: string) => join(root, 'dist', `whmcs-oauth-${target}-${version}.vsix`);

/** glibc modules link libc.so.6; musl's libc is libc.so (and its loader ld-musl-*). */
function libcOf(needed: string[]): 'glibc' | 'musl' | 'none' {
  if (needed.includes('libc.so.6')) return 'glibc';
  if (needed.some((name) => name === 'libc.so' || name.startsWith('libc.musl-') || name.startsWith('ld-musl-'))) return 'musl';
  return 'none';
}

/** Everything but the manifest and the platform package, by name: what must not differ by target. */
function commonEntries(vsix: string): Map<string, string> {
  const common = new Map<string, string>();
  for (const { name } of zipEntries(vsix)) {
    if (name === MANIFEST || PLATFORM_PACKAGE.test(name)) continue;
    common.set(name, zipEntryBytes(vsix, name).toString('base64'));
  }
  return common;
}

for (const [target, expected] of Object.entries(EXPECTED)) {
  test(`the ${target} VSIX carries the ${target} keychain binary and nothing of another platform`, () => {
    const vsix = vsixOf(target);
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package:all\` (npm test does)`);
    assert.ok(statSync(vsix).size <= MAX_BYTES, `${target}: ${statSync(vsix).size} bytes, more than 3 MB`);

    const manifest = zipEntryText(vsix, MANIFEST);
    assert.equal(/<Identity [^>]*TargetPlatform="([^"]+)"/.exec(manifest)?.[1], target, 'TargetPlatform of extension.vsixmanifest');

    const names = zipEntries(vsix).map((entry) => entry.name);
    const platformPackages = new Set(names.map((name) => PLATFORM_PACKAGE.exec(name)?.[1]).filter((suffix) => suffix !== undefined));
    assert.deepEqual([...platformPackages], [expected.suffix], 'keyring platform packages in the VSIX');

    const binaries = names.filter((name) => /\.(node|dll|so|dylib|exe)$/i.test(name));
    const binary = `extension/node_modules/@napi-rs/keyring-${expected.suffix}/keyring.${expected.suffix}.node`;
    assert.deepEqual(binaries, [binary], 'native binaries in the VSIX');

    const format = nativeFormat(zipEntryBytes(vsix, binary));
    for (const [key, value] of Object.entries(expected.binary)) {
      assert.deepEqual((format as Record<string, unknown>)[key], value, `${target}: the binary's ${key} (header: ${JSON.stringify(format)})`);
    }
    if (expected.libc) {
      assert.equal(format.format === 'elf' ? libcOf(format.needed) : 'none', expected.libc, `${target}: the libc the binary links`);
    }

    // The version package-lock.json pins (its integrity was checked when the package was fetched).
    const shipped = JSON.parse(zipEntryText(vsix, `extension/node_modules/@napi-rs/keyring-${expected.suffix}/package.json`)) as { version: string };
    assert.equal(shipped.version, lock.packages[`node_modules/@napi-rs/keyring-${expected.suffix}`]?.version, 'the pinned version');
  });
}

test('every platform VSIX is the same extension apart from its keychain binary and target', () => {
  const [first, ...rest] = Object.keys(EXPECTED);
  const reference = commonEntries(vsixOf(first!));
  const referenceManifest = zipEntryText(vsixOf(first!), MANIFEST).replace(/ TargetPlatform="[^"]+"/, '');
  assert.ok(reference.has('extension/dist/extension.js') && reference.has('extension/node_modules/@napi-rs/keyring/index.js'));
  for (const target of rest) {
    const entries = commonEntries(vsixOf(target));
    assert.deepEqual([...entries.keys()].sort(), [...reference.keys()].sort(), `${target}: other files than ${first}`);
    const differing = [...entries].filter(([name, bytes]) => reference.get(name) !== bytes).map(([name]) => name);
    assert.deepEqual(differing, [], `${target}: files that differ from ${first}`);
    assert.equal(zipEntryText(vsixOf(target), MANIFEST).replace(/ TargetPlatform="[^"]+"/, ''), referenceManifest, `${target}: manifest`);
  }
});

// No universal VSIX: one without a target installs anywhere and would silently lack the keychain.
test('dist holds no VSIX without a target platform', () => {
  const vsixes = readdirSync(join(root, 'dist')).filter((name) => name.endsWith('.vsix'));
  assert.ok(vsixes.length >= Object.keys(EXPECTED).length, `only ${vsixes.length} VSIXes in dist`);
  const universal = vsixes.filter((name) => !/<Identity [^>]*TargetPlatform="[a-z0-9-]+"/.test(zipEntryText(join(root, 'dist', name), MANIFEST)));
  assert.deepEqual(universal, [], 'VSIXes without TargetPlatform');
});

test('dist/whmcs-oauth.vsix (the tests and npm start install it) is this machine\'s platform VSIX', () => {
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const host = process.platform === 'linux' && !report.header?.glibcVersionRuntime ? 'alpine' : process.platform;
  const target = `${host}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
  assert.ok(readFileSync(join(root, 'dist', 'whmcs-oauth.vsix')).equals(readFileSync(vsixOf(target))), `dist/whmcs-oauth.vsix is not the ${target} VSIX`);
});
