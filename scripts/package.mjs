// Packages the extension as platform-specific VSIXes (`vsce package --target`), one per VS Code
// target, each carrying exactly the @napi-rs/keyring binary package of its target. All targets are
// made on this one machine: the production build runs once, and each target is staged in a
// temporary folder with the keyring packages fetched from the npm registry (`npm pack`) into a
// cache outside node_modules and checked against package-lock.json's integrity. The working
// tree's node_modules is never touched.
//
//   node scripts/package.mjs                  this machine's target  -> dist/whmcs-oauth.vsix
//   node scripts/package.mjs --target <t>     one target             -> dist/whmcs-oauth-<t>-<version>.vsix
//   node scripts/package.mjs --all            all nine targets, and this machine's as dist/whmcs-oauth.vsix
//
// There is deliberately no universal VSIX: one without a target would install anywhere and
// silently lack the keychain (see docs/platforms.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** VS Code target -> the suffix of its @napi-rs/keyring platform package. */
export const TARGETS = {
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
  'linux-armhf': 'linux-arm-gnueabihf',
  'alpine-x64': 'linux-x64-musl',
  'alpine-arm64': 'linux-arm64-musl',
};

/** What goes into every VSIX besides node_modules (.vscodeignore then picks the files). */
const SHIPPED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'dist', 'media'];

export function keyringPackage(target) {
  const suffix = TARGETS[target];
  if (!suffix) throw new Error(`Unknown target "${target}": expected one of ${Object.keys(TARGETS).join(', ')}`);
  return `@napi-rs/keyring-${suffix}`;
}

export function vsixPath(target, version) {
  return join(root, 'dist', `whmcs-oauth-${target}-${version}.vsix`);
}

/** The VS Code target of this machine; an error for a platform no keychain binary exists for. */
export function hostTarget(platform = process.platform, arch = process.arch, musl = isMusl()) {
  const os = platform === 'linux' && musl ? 'alpine' : platform;
  const target = `${os}-${arch === 'arm' ? 'armhf' : arch}`;
  if (!(target in TARGETS)) {
    throw new Error(`No VSIX can be made for ${platform}-${arch}: the OS keychain module has no binary for it. Use --target <t>.`);
  }
  return target;
}

function isMusl() {
  if (process.platform !== 'linux') return false;
  return !process.report.getReport().header.glibcVersionRuntime;
}

/** The version and integrity package-lock.json pins for a package. */
export function lockedPackage(name, lockfile = join(root, 'package-lock.json')) {
  const entry = JSON.parse(readFileSync(lockfile, 'utf8')).packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json pins no version and integrity for ${name}`);
  return { name, version: entry.version, integrity: entry.integrity };
}

/** The Subresource Integrity string of a file, in the lockfile's algorithm. */
export function integrityOf(file, algorithm = 'sha512') {
  return `${algorithm}-${createHash(algorithm).update(readFileSync(file)).digest('base64')}`;
}

function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'whmcs-oauth-packages');
}

/** The package's tarball, from the cache or the npm registry, checked against the lockfile. */
export function fetchLocked(locked, cache = cacheDir()) {
  const file = join(cache, `${locked.name.replace(/^@/, '').replace('/', '-')}-${locked.version}.tgz`);
  const algorithm = locked.integrity.split('-')[0];
  if (existsSync(file) && integrityOf(file, algorithm) === locked.integrity) return file;
  mkdirSync(cache, { recursive: true });
  // npm pack into a private folder, then one rename: concurrent runs never see half a file.
  const work = mkdtempSync(join(cache, '.fetch-'));
  try {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', `${locked.name}@${locked.version}`, '--json', '--pack-destination', work], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const fetched = join(work, packed.filename);
    const actual = integrityOf(fetched, algorithm);
    if (actual !== locked.integrity) {
      throw new Error(`${locked.name}@${locked.version} from the registry is ${actual}, but package-lock.json pins ${locked.integrity}`);
    }
    renameSync(fetched, file);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A package tarball unpacked as node_modules/<name> of a folder, as npm would install it. */
function unpackPackage(tarball, name, folder) {
  const dest = join(folder, 'node_modules', name);
  mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
}

/** A temporary folder with what one target's VSIX is made of. */
function stageTarget(target, tarballs) {
  const stage = mkdtempSync(join(tmpdir(), `whmcs-oauth-package-${target}-`));
  for (const entry of SHIPPED) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  unpackPackage(tarballs.keyring, '@napi-rs/keyring', stage);
  unpackPackage(tarballs[target], keyringPackage(target), stage);
  return stage;
}

/** `vsce package --target` in a staged folder; its warnings are errors here. */
function runVsce(stage, target, out) {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--target', target, '--out', out], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || /WARNING/.test(output)) {
    throw new Error(`vsce package --target ${target} ${result.status === 0 ? 'warned' : 'failed'}:\n${output}`);
  }
}

function packageTarget(target, tarballs, out) {
  const stage = stageTarget(target, tarballs);
  try {
    mkdirSync(dirname(out), { recursive: true });
    runVsce(stage, target, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return out;
}

function productionBuild() {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the production build failed:\n${result.stdout}${result.stderr}`);
}

function parseArgs(argv) {
  const all = argv.includes('--all');
  const at = argv.indexOf('--target');
  const target = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !target) throw new Error('--target needs a value');
  if (target) keyringPackage(target); // names an unknown target before anything is built
  return { all, target };
}

function optional(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function main() {
  const { all, target } = parseArgs(process.argv.slice(2));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // --all makes every target wherever it runs; this machine's copy only where one exists.
  const host = target ? undefined : all ? optional(hostTarget) : hostTarget();
  const targets = all ? Object.keys(TARGETS) : [target ?? host];

  const tarballs = { keyring: fetchLocked(lockedPackage('@napi-rs/keyring')) };
  for (const t of targets) tarballs[t] = fetchLocked(lockedPackage(keyringPackage(t)));

  productionBuild();
  for (const t of targets) {
    const out = !all && !target ? join(root, 'dist', 'whmcs-oauth.vsix') : vsixPath(t, version);
    packageTarget(t, tarballs, out);
    console.log(`${t}: ${out.slice(root.length + 1)}`);
  }
  // The tests and `npm start` install dist/whmcs-oauth.vsix: this machine's, from the same build.
  if (all && host) {
    copyFileSync(vsixPath(host, version), join(root, 'dist', 'whmcs-oauth.vsix'));
    console.log(`${host}: dist/whmcs-oauth.vsix`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
