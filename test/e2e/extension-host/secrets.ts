// Never lose a reset secret, inside the real extension host, for each way the stores can behave:
// the keychain works; the answer is lost after the server applied the reset; the keychain dies
// halfway (its private D-Bus is killed) and VS Code Secret Storage takes the secret; both fail;
// the keychain was chosen explicitly and fails. After each, the secret the sandbox holds is in
// exactly one store, or was handed to the person in the modal, and no reset was sent twice.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createSandbox } from '../../../sandbox/index';
import type { WhmcsOAuthApi } from '../../../src/extension';
import type { Notice } from '../../../src/host/notify';
import type { SecretStore } from '../../../src/core/secrets/secretStore';
import { clientSecretAccount, serverKey } from '../../../src/core/secrets/keychainLayout';
import { countNewSecrets } from '../../support/faultMatrix';
import { openForm } from './formDriver';
import { addSandboxServer } from './addServer';
import { steps } from './steps';
import { processEnded } from './processExit';
import { updateSetting } from './settings';

interface Unstored {
  what: string;
  secret: string;
  failures: readonly string[];
}

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set`);
  return value;
}

export async function run(): Promise<void> {
  const busPid = Number(env('WHMCS_E2E_KEYRING_BUS_PID'));
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  const notices: Notice[] = [];
  const subscription = api.onDidShowNotice((notice) => notices.push(notice));
  const unstored: Unstored[] = [];
  api.setPromptsForTesting({
    confirm: async () => true,
    acknowledgeUnstoredSecret: async (what, secret, failures) => {
      unstored.push({ what, secret, failures });
    },
  });
  const box = await createSandbox();
  const resetsSent = countNewSecrets(box);
  const tree = api.tree;
  const store = async (kind: SecretStore['kind']) => {
    const found = (await api.secrets.inOrder()).find((s) => s.kind === kind);
    assert.ok(found, `no ${kind} store`);
    return found;
  };
  /** Resets a fresh credential through the command; returns what the sandbox then holds. */
  const resetFresh = async (name: string) => {
    const target = box.state.addCredential({ grantTypes: 'authorization_code', name, scope: 'openid' });
    await vscode.commands.executeCommand('whmcsOAuth.refresh');
    const [server] = await tree.getChildren();
    assert.ok(server);
    const node = (await tree.getChildren(server)).find((n) => n.type === 'credential' && n.credentialId === target.credentialId);
    assert.ok(node, 'the new credential is not in the tree');
    const sentBefore = resetsSent();
    const noticesBefore = notices.length;
    await vscode.commands.executeCommand('whmcsOAuth.resetClientSecret', node);
    assert.equal(resetsSent() - sentBefore, 1, 'the reset was not sent exactly once');
    const after = box.state.getCredential(target.credentialId);
    assert.ok(after && after.clientSecret !== target.clientSecret, 'the sandbox did not reset the secret');
    const secretRow = (await tree.getChildren(node)).map((n) => tree.getTreeItem(n)).find((item) => item.label === 'Reset secret');
    return {
      secret: after.clientSecret,
      account: clientSecretAccount(serverKey(box.url), after.clientIdentifier),
      notices: notices.slice(noticesBefore),
      secretRow: String(secretRow?.description ?? ''),
    };
  };

  try {
    await steps('secrets', [
      ['Add Server (the API secret goes to the private keychain)', async () => {
        await addSandboxServer(api, box, 'Sandbox');
        assert.equal((await api.secrets.active()).kind, 'keychain');
      }],

      ['keychain works: the new secret is in the keychain and nowhere else', async () => {
        const reset = await resetFresh('Keychain works');
        assert.equal(await (await store('keychain')).get(reset.account), reset.secret);
        assert.equal(await (await store('vscode')).get(reset.account), undefined);
        assert.match(reset.secretRow, /^held in the OS keychain/);
        assert.ok(reset.notices.some((n) => /is stored in the OS keychain/.test(n.text)), 'the person was not told where it went');
      }],

      ['reset through the form: into the keychain, and no message to the webview carries the secret', async () => {
        const target = box.state.addCredential({ grantTypes: 'authorization_code', name: 'Reset in the form', scope: 'openid' });
        await vscode.commands.executeCommand('whmcsOAuth.refresh');
        const [server] = await tree.getChildren();
        assert.ok(server && server.type === 'server');
        const form = await openForm(api, { serverId: server.serverId, credentialId: target.credentialId });
        try {
          const sentBefore = resetsSent();
          const answer = await form.save({}, { resetSecret: true });
          assert.ok(answer.type === 'saved', `the form answered ${answer.type}`);
          assert.match(answer.secretReset?.storeDescription ?? '', /OS keychain/);
          assert.equal(resetsSent() - sentBefore, 1);
          const secret = box.state.getCredential(target.credentialId)?.clientSecret;
          assert.ok(secret && secret !== target.clientSecret);
          assert.ok((await (await store('keychain')).get(clientSecretAccount(serverKey(box.url), target.clientIdentifier))) === secret, 'not in the keychain');
          assert.ok(!JSON.stringify(form.answers).includes(secret), 'a message to the webview carries the new secret');
        } finally {
          form.dispose();
        }
      }],

      ['the answer is lost after the server applied the reset: read back, kept in the keychain', async () => {
        box.faults.inject({ kind: 'applyThenDrop', action: 'updateoauthcredential', times: 1 });
        const reset = await resetFresh('Answer lost');
        assert.equal(await (await store('keychain')).get(reset.account), reset.secret);
        assert.equal(await (await store('vscode')).get(reset.account), undefined);
      }],

      ['the answer and the check after it are lost: "do not reset again", then Check Pending Secret Resets keeps the secret', async () => {
        const target = box.state.addCredential({ grantTypes: 'authorization_code', name: 'Outcome unknown', scope: 'openid' });
        await vscode.commands.executeCommand('whmcsOAuth.refresh');
        const [server] = await tree.getChildren();
        assert.ok(server);
        const node = (await tree.getChildren(server)).find((n) => n.type === 'credential' && n.credentialId === target.credentialId);
        assert.ok(node);
        const account = clientSecretAccount(serverKey(box.url), target.clientIdentifier);
        // The reset is applied but its answer is lost, and so is every read after the one that
        // takes the old secret's fingerprint.
        box.faults.inject({ kind: 'applyThenDrop', action: 'updateoauthcredential', times: 1 });
        box.faults.inject({ kind: 'html500', action: 'listoauthcredentials', skip: 1 });
        const sentBefore = resetsSent();
        const noticesBefore = notices.length;
        await vscode.commands.executeCommand('whmcsOAuth.resetClientSecret', node);
        assert.ok(
          notices.slice(noticesBefore).some((n) => /^The secret reset of "Outcome unknown" was sent, but its answer was lost\. Do not reset again/.test(n.text)),
          'the person was not told to hold off',
        );
        const applied = box.state.getCredential(target.credentialId);
        assert.ok(applied && applied.clientSecret !== target.clientSecret, 'the sandbox did not apply the reset');
        assert.equal(await (await store('keychain')).get(account), undefined, 'a secret nobody knew yet was stored');

        box.faults.clear();
        await vscode.commands.executeCommand('whmcsOAuth.checkPendingResets');
        assert.ok((await (await store('keychain')).get(account)) === applied.clientSecret, 'the check did not keep the secret the server has');
        assert.equal(resetsSent() - sentBefore, 1, 'the reset was sent again');
        const afterCheck = notices.length;
        await vscode.commands.executeCommand('whmcsOAuth.checkPendingResets');
        assert.ok(notices.slice(afterCheck).some((n) => n.text === 'No secret reset is waiting for a check.'), 'the check is still pending');
      }],

      ['the keychain dies: VS Code Secret Storage takes the secret, and Copy Client Secret finds it', async () => {
        process.kill(busPid);
        await processEnded(busPid, 15);
        await assert.rejects((await store('keychain')).get('probe'), 'the keychain still answers');
        const reset = await resetFresh('Keychain died');
        assert.equal(await (await store('vscode')).get(reset.account), reset.secret);
        assert.equal(reset.secretRow, 'held in VS Code Secret Storage');
        assert.ok(reset.notices.some((n) => /is stored in VS Code Secret Storage/.test(n.text)));
        const [server] = await tree.getChildren();
        assert.ok(server);
        const node = (await tree.getChildren(server)).find((n) => n.type === 'credential' && String(tree.getTreeItem(n).label) === 'Keychain died');
        await vscode.commands.executeCommand('whmcsOAuth.copyClientSecret', node);
        assert.ok((await vscode.env.clipboard.readText()) === reset.secret, 'Copy Client Secret did not find it');
        await vscode.env.clipboard.writeText('');
      }],

      ['both stores fail: the secret is handed to the person in the modal, and stored nowhere', async () => {
        api.injectSecretStoreFailureForTesting('vscode', 'VS Code Secret Storage refused the write (injected by the test)');
        try {
          const reset = await resetFresh('Both fail');
          const [shown] = unstored.splice(0);
          assert.ok(shown, 'the modal was not shown');
          assert.ok(shown.secret === reset.secret, 'the modal offered a different secret than the server holds');
          assert.match(shown.what, /"Both fail"/);
          assert.equal(shown.failures.length, 2);
          assert.match(shown.failures.join('\n'), /OS keychain/);
          assert.match(shown.failures.join('\n'), /VS Code Secret Storage refused/);
          assert.equal(await (await store('vscode')).get(reset.account), undefined);
          assert.ok(!shown.failures.join('\n').includes(reset.secret), 'the failure text holds the secret');
        } finally {
          api.injectSecretStoreFailureForTesting('vscode', undefined);
        }
      }],

      ['the keychain was chosen and fails: no fallback, the modal hands the secret over', async () => {
        await updateSetting('secretStorage', 'keychain', vscode.ConfigurationTarget.Global);
        const reset = await resetFresh('Keychain only');
        const [shown] = unstored.splice(0);
        assert.ok(shown, 'the modal was not shown');
        assert.ok(shown.secret === reset.secret, 'the modal offered a different secret than the server holds');
        assert.equal(shown.failures.length, 1, 'another store was tried although the keychain was chosen');
        assert.equal(await (await store('vscode')).get(reset.account), undefined, 'the secret went to VS Code Secret Storage against the setting');
      }],

      ['no secret in any notification', async () => {
        const shown = JSON.stringify(notices);
        const secrets = [box.apiCredential.secret, ...box.state.listCredentials().map((c) => c.clientSecret)];
        assert.ok(!secrets.some((secret) => shown.includes(secret)), 'a secret is in a notification');
        assert.deepEqual(unstored, []);
      }],
    ]);
  } finally {
    subscription.dispose();
    await box.close();
  }
}
