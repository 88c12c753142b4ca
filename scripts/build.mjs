// Builds every bundle the project ships, with one esbuild configuration per runtime:
//   dist/extension.js  VS Code extension host (Node, CJS); `vscode` is provided by the host and
//                      `@napi-rs/keyring` carries a native .node binary that esbuild cannot bundle.
//   dist/core.js       the WHMCS client with undici, loaded by the extension on first use.
//   dist/oidc.js       Test Sign-In (openid-client, jose), loaded only when a sign-in test runs.
//   dist/cli.js        the `whmcs-oauth` command over the same core (Node, CJS, with a shebang).
//   dist/webview/*.js  the update form's browser code (IIFE, VS Code Elements bundled in, no CDN)
//                      and the Test Sign-In report's few lines.
// Flags: --production (minify, no source maps), --watch, --test-seams.
// --test-seams builds the extension for its own extension-host tests into out/test-extension/ (a
// copy of the manifest and media beside it): the same code plus the testing API of src/testing/.
// Every other build defines WHMCS_OAUTH_TEST_SEAMS as false, so that API is not in what ships.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const testSeams = process.argv.includes('--test-seams');
const root = testSeams ? 'out/test-extension' : '.';

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', '@napi-rs/keyring'],
  define: { WHMCS_OAUTH_TEST_SEAMS: String(testSeams) },
};

/** dist/core.js and dist/oidc.js are required at run time by dist/extension.js, never bundled into it. */
const lazyCore = {
  name: 'lazy-core',
  setup(build) {
    build.onResolve({ filter: /^\.\/(core|oidc)\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * One `require("vscode")` for the whole bundle instead of one per source module: in the
 * extension host each goes through VS Code's module interceptor, which showed in activation time.
 */
const singleVscodeRequire = {
  name: 'single-vscode-require',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: 'module.exports = require("vscode");', loader: 'js' }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...nodeCommon,
    entryPoints: ['src/extension.ts'],
    outfile: `${root}/dist/extension.js`,
    plugins: [lazyCore, singleVscodeRequire],
    // Marks for npm run bench: the start of the bundle's evaluation, and when VS Code has built
    // the `vscode` API object for the extension (its first require, VS Code's own work).
    banner: { js: 'performance.mark("whmcs-oauth:load");require("vscode");performance.mark("whmcs-oauth:vscode");' },
  },
  { ...nodeCommon, entryPoints: ['src/core/bundle.ts'], outfile: `${root}/dist/core.js` },
  { ...nodeCommon, entryPoints: ['src/core/oidc/bundle.ts'], outfile: `${root}/dist/oidc.js` },
  {
    ...nodeCommon,
    entryPoints: ['src/cli/main.ts'],
    outfile: `${root}/dist/cli.js`,
    banner: { js: '#!/usr/bin/env node' },
    define: { ...nodeCommon.define, WHMCS_OAUTH_VERSION: JSON.stringify(version) },
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { form: 'src/webview/main.ts', report: 'src/webview/reportMain.ts' },
    outdir: `${root}/dist/webview`,
  },
];

// Stale outputs (source maps of a development build) must not end up in the VSIX. The packaged
// VSIXes in dist/ stay: `npm run package -- --target <t>` adds one without losing the others.
if (!watch) await removeBuildOutputs(`${root}/dist`);
if (testSeams) {
  await mkdir(root, { recursive: true });
  await cp('package.json', `${root}/package.json`);
  await cp('media', `${root}/media`, { recursive: true });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

async function removeBuildOutputs(dir) {
  const entries = await readdir(dir).catch(() => []);
  await Promise.all(entries.filter((name) => !name.endsWith('.vsix')).map((name) => rm(`${dir}/${name}`, { recursive: true, force: true })));
}
