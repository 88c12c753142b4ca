// Another extension is not the person. A tiny hostile extension (test/e2e/attacker/) is installed
// from its own VSIX next to the packaged whmcs-oauth, so both run in Production mode, as for a
// user. It walks whmcs-oauth's exports, calls whatever could read a secret, change a server or
// replace a prompt, and fires every whmcs-oauth command with forged tree nodes and drafts, driving
// any quick pick that opens. It must get no secret the sandbox holds, cause no change on the
// sandbox, add or remove no server, and find nothing callable in the exports.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { KeychainSecretStore } from '../../src/core/secrets/keychainStore';
import { apiSecretAccount, clientSecretAccount, serverAccountPrefix, serverKey } from '../../src/core/secrets/keychainLayout';
import { secretSightings, sha256, waitForFile, type AttackerReport } from './harness/attackerReport';
import { packageFolder, type PackagedFolder } from './harness/packageFolder';
import { artifactPath, repoRoot } from './harness/paths';
import { withWorkbench } from './harness/session';

const vsix = join(repoRoot, 'dist', 'whmcs-oauth.vsix');
const keychain = new KeychainSecretStore();
/** Exported functions that are harmless (none today); each needs a reason next to it. */
const HARMLESS_EXPORTS: readonly string[] = [];
const WRITING_ACTIONS = ['updateoauthcredential', 'deleteoauthcredential', 'createoauthcredential'];

let sandbox: Sandbox;
let attacker: PackagedFolder;
let heldSecret: string;
const receivedActions: string[] = [];

before(async () => {
  assert.equal(process.env['WHMCS_OAUTH_TEST_KEYRING'], '1', 'run through scripts/with-keyring.sh (npm test does)');
  assert.ok(existsSync(vsix), 'dist/whmcs-oauth.vsix is missing: run npm run package (npm test does)');
  attacker = await packageFolder(join(__dirname, 'attacker'), 'attacker');
  sandbox = await createSandbox();
  // Every API request passes the fault check with its (normalised) action: a record of what the
  // sandbox received, whether or not it was applied.
  const take = sandbox.faults.take.bind(sandbox.faults);
  sandbox.faults.take = (action) => {
    receivedActions.push(action);
    return take(action);
  };
  await keychain.set(apiSecretAccount(serverKey(sandbox.url), sandbox.apiCredential.identifier), sandbox.apiCredential.secret);
  // Something worth stealing: the reset client secret of the first credential, held in the keychain.
  const first = sandbox.state.listCredentials()[0];
  assert.ok(first, 'the seed has credentials');
  heldSecret = sandbox.state.newClientSecret();
  sandbox.state.saveCredential({ ...first, clientSecret: heldSecret });
  await keychain.set(clientSecretAccount(serverKey(sandbox.url), first.clientIdentifier), heldSecret);
});

after(async () => {
  // The sandbox's entries, and any the attacker got stored for its own server.
  const prefix = serverAccountPrefix(serverKey(sandbox.url));
  for (const account of await keychain.accounts()) {
    if (account.startsWith(prefix) || (account.includes('127.0.0.1') && account.endsWith('/api:attacker'))) await keychain.delete(account);
  }
  await sandbox.close();
  attacker.remove();
});

test('a hostile extension next to the VSIX gets no secret, changes nothing, and finds nothing callable in the exports', { timeout: 600_000 }, async () => {
  const servers = [{ id: 'sandbox', label: 'Sandbox', url: sandbox.url, identifier: sandbox.apiCredential.identifier }];
  const credentialsBefore = sandbox.state.listCredentials();
  const reportDir = mkdtempSync(join(tmpdir(), 'whmcs-oauth-attacker-report-'));
  const reportPath = join(reportDir, 'report.json');
  try {
    await withWorkbench(
      'attacker',
      {
        extensionPath: repoRoot,
        installVsix: [vsix, attacker.vsix],
        settings: { 'whmcsOAuth.servers': servers },
        serverEnv: { WHMCS_ATTACKER_REPORT: reportPath },
        grantClipboard: true,
      },
      async ({ page, server }) => {
        await waitForFile(reportPath, 480_000);
        copyFileSync(reportPath, artifactPath('attacker-report.json')); // hashes only: kept for reading
        const report = JSON.parse(readFileSync(reportPath, 'utf8')) as AttackerReport;
        const clipboardNow = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
        const settings = JSON.parse(readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;

        // The attack ran in full, so that finding nothing means something.
        assert.deepEqual(report.failures, [], 'the attacker stopped early');
        assert.ok(report.finished && report.target.found, 'the attacker did not find whmcs-oauth');
        assert.equal(report.clipboard[0]?.value, sha256('attacker-probe'), 'the attacker cannot read the clipboard, so its clipboard checks prove nothing');
        assert.equal(report.commands[0]?.command, 'whmcsOAuth.refresh');
        assert.equal(report.commands[0]?.outcome, 'returned', 'the explorer did not load: forged nodes would mean nothing');
        const fired = new Set(report.commands.map((entry) => entry.command));
        const contributed = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } }).contributes.commands;
        assert.deepEqual(contributed.map((c) => c.command).filter((c) => !fired.has(c)), [], 'commands the attacker did not try');

        const problems: string[] = [];
        const callable = report.exportFunctions.filter((path) => !HARMLESS_EXPORTS.includes(path));
        if (callable.length > 0) {
          problems.push(`the exports (${report.target.exportsType}) reach ${callable.length} functions: ${callable.slice(0, 40).join(', ')}${callable.length > 40 ? ', …' : ''}`);
        }
        const credentialsAfter = sandbox.state.listCredentials();
        const secrets = new Map<string, string>([
          ['the API secret', sandbox.apiCredential.secret],
          ['the reset client secret held in the keychain', heldSecret],
          ...credentialsBefore.map((c) => [`the client secret of credential ${c.credentialId}`, c.clientSecret] as [string, string]),
          ...credentialsAfter.map((c) => [`the client secret of credential ${c.credentialId} after the attack`, c.clientSecret] as [string, string]),
        ]);
        problems.push(...secretSightings(report, secrets));
        for (const [label, secret] of secrets) if (clipboardNow === secret) problems.push(`the clipboard holds ${label} at the end`);

        const writes = receivedActions.filter((action) => WRITING_ACTIONS.includes(action));
        if (writes.length > 0) problems.push(`the sandbox received ${writes.join(', ')}`);
        for (const credential of credentialsBefore) {
          const now = credentialsAfter.find((c) => c.credentialId === credential.credentialId);
          if (!now) problems.push(`credential ${credential.credentialId} was deleted`);
          else if (JSON.stringify(now) !== JSON.stringify(credential)) {
            const changed = Object.keys(credential).filter((key) => JSON.stringify(now[key as keyof typeof now]) !== JSON.stringify(credential[key as keyof typeof credential]));
            problems.push(`credential ${credential.credentialId} changed: ${changed.join(', ')}`);
          }
        }
        for (const credential of credentialsAfter) if (!credentialsBefore.some((c) => c.credentialId === credential.credentialId)) problems.push(`credential ${credential.credentialId} was created`);
        if (JSON.stringify(settings['whmcsOAuth.servers']) !== JSON.stringify(servers)) {
          const ids = (settings['whmcsOAuth.servers'] as { id?: string; url?: string }[] | undefined)?.map((s) => `${s.id} (${s.url})`) ?? [];
          problems.push(`the servers setting changed: now ${ids.join(', ') || 'none'}`);
        }
        if (report.promptCaptures.length > 0) problems.push(`a replaced prompt was handed ${report.promptCaptures.length} secret(s)`);

        assert.ok(problems.length === 0, `the hostile extension got through (full report: test-artifacts/attacker-report.json):\n${problems.join('\n')}`);
      },
    );
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
});
