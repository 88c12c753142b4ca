// What the Visual Studio Marketplace and Open VSX need besides the code: an icon of the right
// kind, the links and banner, a changelog, the fields Open VSX's ovsx checks (publisher, name,
// version, license), and `npm run publish:all`, which publishes nothing without both tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runProcess } from './support/runProcess';
import { zipEntryBytes, zipEntryText } from './support/zipEntries';

const root = resolve(__dirname, '../..');
const vsix = join(root, 'dist', 'whmcs-oauth.vsix');
const TARGETS = ['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64'];

test('the VSIX has a 128x128 PNG icon, the gallery banner, links and a changelog', () => {
  const manifest = zipEntryText(vsix, 'extension.vsixmanifest');
  assert.match(manifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
  const png = zipEntryBytes(vsix, 'extension/media/icon.png');
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'icon.png is not a PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'icon size (IHDR width, height)');
  for (const property of ['Branding.Color', 'Branding.Theme', 'Links.Support', 'Links.Learn', 'Links.Source']) {
    assert.match(manifest, new RegExp(`Id="Microsoft\\.VisualStudio\\.Services\\.${property.replace('.', '\\.')}" Value="[^"]+"`), property);
  }
  assert.match(manifest, /<Categories>[^<]+<\/Categories>/);
  assert.match(manifest, /<License>extension\/LICENSE\.txt<\/License>/);
  const changelog = zipEntryText(vsix, 'extension/changelog.md');
  assert.match(changelog, /^## Unreleased$/m);
  assert.match(changelog, /^## 0\.1\.0$/m);
});

test('the packaged package.json has what ovsx requires and names the same version as the changelog', () => {
  const manifest = JSON.parse(zipEntryText(vsix, 'extension/package.json')) as Record<string, unknown>;
  for (const field of ['publisher', 'name', 'version', 'license']) assert.ok(manifest[field], `package.json has no ${field}`);
  assert.match(String(manifest.version), /^\d+\.\d+\.\d+$/);
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  assert.ok(changelog.includes(`## ${String(manifest.version)}`) || /^## Unreleased$/m.test(changelog), 'the version is not in CHANGELOG.md');
});

test('publish:all publishes nothing without both tokens', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, VSCE_PAT: 'token-for-the-test' };
  delete env.OVSX_PAT;
  const run = await runProcess(process.execPath, [join(root, 'scripts', 'publish.mjs')], { env });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /OVSX_PAT not set/);
  assert.doesNotMatch(run.stdout, /running/, 'a publish started');
});

test('publish:all would publish each of the nine VSIXes to both registries, tokens never on the command line', async () => {
  const run = await runProcess(process.execPath, [join(root, 'scripts', 'publish.mjs'), '--dry-run'], {
    env: { ...process.env, VSCE_PAT: 'vsce-token-for-the-test', OVSX_PAT: 'ovsx-token-for-the-test' },
  });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  for (const target of TARGETS) {
    const file = `whmcs-oauth-${target}-`;
    assert.equal(lines.filter((line) => /\bvsce publish /.test(line) && line.includes(file)).length, 1, `vsce publish of ${target}`);
    assert.equal(lines.filter((line) => /\bovsx publish /.test(line) && line.includes(file)).length, 1, `ovsx publish of ${target}`);
  }
  assert.equal(lines.length, 2 * TARGETS.length, 'publish commands');
  assert.doesNotMatch(run.stdout, /token-for-the-test/);
});
