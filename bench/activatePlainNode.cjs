// Child process of the activation benchmark: loads dist/extension.js with a stand-in `vscode`
// module (every property and call answers with another stand-in) and runs activate(). Prints the
// milliseconds of require + activate, and whether undici or the keyring were loaded.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const stub = new Proxy(function () {}, {
  get: (_target, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
// A plain object, so that the bundle's namespace import copies the names it uses.
const vscode = Object.fromEntries(
  ['window', 'commands', 'workspace', 'env', 'extensions', 'Uri', 'EventEmitter', 'ThemeIcon', 'ThemeColor', 'TreeItem',
    'TreeItemCollapsibleState', 'MarkdownString', 'ViewColumn', 'ProgressLocation', 'ConfigurationTarget', 'Disposable', 'ExtensionMode'].map((name) => [name, stub]),
);
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

const bundle = path.resolve(__dirname, '..', 'dist', 'extension.js');
// The extension host has Node's own modules loaded long before any extension: load the ones the
// bundle uses (and the performance timeline) first, so only the bundle itself is timed.
require('node:fs/promises');
require('node:crypto');
performance.mark('warm');
const context = { subscriptions: [], extensionMode: stub, extensionUri: stub, extension: { packageJSON: { version: '0' } }, globalState: stub, secrets: stub };
const started = performance.now();
const extension = require(bundle);
extension.activate(context);
const ms = performance.now() - started;
const loaded = Object.keys(require.cache);
process.stdout.write(
  JSON.stringify({ ms, undici: loaded.some((p) => p.includes(`${path.sep}undici${path.sep}`)) || loaded.some((p) => p.endsWith('core.js')), keyring: loaded.some((p) => p.includes('keyring')) }),
);
