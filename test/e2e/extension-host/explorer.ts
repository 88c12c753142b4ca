// Runs inside the real extension host (code-server) against a sandbox WHMCS started by the test
// process: adds a server through the command, reads the tree, resets a secret into the real
// keychain, deletes a credential, and shows a failing server's error node beside a working one.
// Sandbox state is read back over HTTP from its control endpoint.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../../../src/extension';
import type { HostMessage } from '../../../src/shared/protocol';
import type { UpdateFormPanel } from '../../../src/features/form/updateFormPanel';
import type { LoggedRequest } from '../../../sandbox/index';
import { assertSecretKept } from '../../support/secretKept';
import type { ExplorerNode } from '../../../src/features/explorer/credentialsTree';
import { KeychainSecretStore } from '../../../src/core/secrets/keychainStore';
import { apiSecretAccount, clientSecretAccount, serverKey } from '../../../src/core/secrets/keychainLayout';
import { secretFromTestProcess } from '../harness/testSecrets';
import { driveForm } from './formDriver';
import { steps } from './steps';
import { updateSetting } from './settings';

interface SandboxCredential {
  credentialId: number;
  name: string;
  clientIdentifier: string;
  clientSecret: string;
  grantTypes: string;
}

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set`);
  return value;
}

/** A change made on the server by someone else: the WHMCS API called directly. */
async function updateOnSandbox(url: string, identifier: string, secret: string, credentialId: number, fields: Record<string, string>): Promise<void> {
  const body = new URLSearchParams({ action: 'UpdateOAuthCredential', credentialId: String(credentialId), ...fields, identifier, secret, responsetype: 'json' });
  const response = await fetch(`${url}/includes/api.php`, { method: 'POST', body });
  const answer = (await response.json()) as { result?: string };
  assert.equal(answer.result, 'success', 'the change on the server failed');
}

/** The API requests the sandbox received so far: action and parameter names. */
async function sandboxRequests(url: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${url}/__sandbox/requests`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { requests: LoggedRequest[] }).requests;
}

async function sandboxCredentials(url: string): Promise<SandboxCredential[]> {
  const response = await fetch(`${url}/__sandbox/credentials`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { credentials: SandboxCredential[] }).credentials;
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#039;/g, "'").replace(/&amp;/g, '&');
}

export async function run(): Promise<void> {
  const sandboxUrl = env('WHMCS_E2E_SANDBOX_URL');
  const identifier = env('WHMCS_E2E_API_IDENTIFIER');
  const apiSecret = secretFromTestProcess('apiSecret');
  const unreachableUrl = env('WHMCS_E2E_UNREACHABLE_URL');
  const keychain = new KeychainSecretStore();
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  const confirmations: string[] = [];
  let answer = true;
  api.setPromptsForTesting({
    confirm: async (message) => {
      confirmations.push(message);
      return answer;
    },
  });
  const tree = api.tree;
  const serverNodes = async () => (await tree.getChildren()).filter((n): n is Extract<ExplorerNode, { type: 'server' }> => n.type === 'server');

  await steps('explorer', [
    ['Add Server with a draft tests the connection and stores the secret in the keychain only', async () => {
      const profile = (await api.addServer({
        label: 'Sandbox',
        url: sandboxUrl,
        auth: 'apiCredential',
        identifier,
        secret: apiSecret,
      })) as { id: string } | undefined;
      assert.ok(profile?.id, 'addServer returned no profile');
      const servers = vscode.workspace.getConfiguration('whmcsOAuth').get<unknown[]>('servers') ?? [];
      assert.equal(servers.length, 1);
      assert.ok(!JSON.stringify(servers).includes(apiSecret), 'the API secret reached the settings');
      assert.equal(await keychain.get(apiSecretAccount(serverKey(sandboxUrl), identifier)), apiSecret);
    }],

    ['the tree lists the sandbox credentials with decoded names and no secrets', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const serverItem = tree.getTreeItem(server);
      assert.equal(serverItem.label, 'Sandbox');
      const children = await tree.getChildren(server);
      const expected = await sandboxCredentials(sandboxUrl);
      assert.equal(children.length, expected.length);
      const labels = children.map((node) => String(tree.getTreeItem(node).label));
      for (const credential of expected) {
        assert.ok(labels.includes(decode(credential.name) || credential.clientIdentifier), `missing ${credential.name}`);
      }
      const rendered = JSON.stringify(children.map((node) => {
        const item = tree.resolveTreeItem(tree.getTreeItem(node), node);
        return [item.label, item.description, typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value];
      }));
      for (const credential of expected) assert.ok(!rendered.includes(credential.clientSecret), 'a client secret is shown in the tree');
      assert.match(rendered, /Client ID/, 'tooltips are resolved');
      const details = await tree.getChildren(children[0]);
      assert.deepEqual(details.map((node) => tree.getTreeItem(node).label), ['Client ID', 'Scopes', 'Redirect URIs', 'Service ID', 'Logo URI', 'Reset secret']);
    }],

    ['Reset Client Secret stores the sandbox\'s new secret in the real keychain', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const [first] = await tree.getChildren(server);
      assert.ok(first && first.type === 'credential');
      const before = (await sandboxCredentials(sandboxUrl)).find((c) => c.credentialId === first.credentialId);
      assert.ok(before);
      await vscode.commands.executeCommand('whmcsOAuth.resetClientSecret', first);
      assert.match(confirmations.at(-1) ?? '', /^Reset the client secret of ".+" on Sandbox\?$/);
      const after = (await sandboxCredentials(sandboxUrl)).find((c) => c.credentialId === first.credentialId);
      assert.ok(after && after.clientSecret !== before.clientSecret, 'the sandbox secret did not change');
      assert.equal(await keychain.get(clientSecretAccount(serverKey(sandboxUrl), after.clientIdentifier)), after.clientSecret);
      const secretRow = (await tree.getChildren(first)).map((node) => tree.getTreeItem(node)).find((item) => item.label === 'Reset secret');
      assert.match(String(secretRow?.description), /^held in the OS keychain/);
    }],

    ['an open form is told when a refresh finds its credential changed on the server, in the same turn', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const [first] = await tree.getChildren(server);
      assert.ok(first && first.type === 'credential');
      const panel = api.forms.open({ serverId: first.serverId, credentialId: first.credentialId });
      await api.formProbe.whenLoaded(panel.target);
      const told = new Promise<HostMessage>((resolve) => {
        const subscription = api.formProbe.onDidAnswer(panel.target, (message) => {
          if (message.type !== 'changed') return;
          subscription.dispose();
          resolve(message);
        });
      });
      let treeRedrawn = false;
      const treeSubscription = tree.onDidChangeTreeData(() => (treeRedrawn = true));
      // Another administrator renames it on the server; then this window refreshes.
      await updateOnSandbox(sandboxUrl, identifier, apiSecret, first.credentialId, { name: 'Renamed on the server' });
      await vscode.commands.executeCommand('whmcsOAuth.refresh');
      const message = await told;
      treeSubscription.dispose();
      assert.ok(message.type === 'changed' && message.credential.name === 'Renamed on the server', 'the form was told the new name');
      assert.ok(treeRedrawn, 'the tree redrew');
      assert.equal(String(tree.getTreeItem(first).label), 'Renamed on the server');
      panel.dispose();
    }],

    ['Update OAuth Credential from the tree saves a rename and a redirect URI: the secret just kept in the keychain still works', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const [first] = await tree.getChildren(server);
      assert.ok(first && first.type === 'credential');
      const before = (await sandboxCredentials(sandboxUrl)).find((c) => c.credentialId === first.credentialId);
      assert.ok(before);
      const account = clientSecretAccount(serverKey(sandboxUrl), before.clientIdentifier);
      assert.ok((await keychain.get(account)) === before.clientSecret, 'the keychain does not hold the secret reset in the step before');
      const requestsBefore = (await sandboxRequests(sandboxUrl)).length;
      const panel = await vscode.commands.executeCommand<UpdateFormPanel | undefined>('whmcsOAuth.updateCredential', first);
      assert.ok(panel, 'the tree\'s Update command opened no form');
      const form = await driveForm(api, panel);
      try {
        const name = `${form.loaded.credential.name} (renamed)`;
        const answer = await form.save({ name, redirectUris: [...form.loaded.credential.redirectUris, 'https://kept.example/cb'] });
        assert.equal(answer.type, 'saved', JSON.stringify(answer));
        assert.ok(answer.type === 'saved' && answer.secretReset === undefined, 'the form was told of a reset');
        assert.equal(decode((await sandboxCredentials(sandboxUrl)).find((c) => c.credentialId === first.credentialId)?.name ?? ''), name);
      } finally {
        form.dispose();
      }
      const after = (await sandboxCredentials(sandboxUrl)).find((c) => c.credentialId === first.credentialId);
      assertSecretKept({ secretBefore: before.clientSecret, secretAfter: after?.clientSecret, requests: (await sandboxRequests(sandboxUrl)).slice(requestsBefore) });
      assert.ok((await keychain.get(account)) === after?.clientSecret, 'the secret in the keychain no longer matches the server');
    }],

    ['Copy Client ID and Copy Client Secret put them on the clipboard (the secret from the keychain)', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const [first] = await tree.getChildren(server);
      assert.ok(first && first.type === 'credential');
      const stored = (await sandboxCredentials(sandboxUrl)).find((c) => c.credentialId === first.credentialId);
      assert.ok(stored);
      await vscode.commands.executeCommand('whmcsOAuth.copyClientId', first);
      assert.equal(await vscode.env.clipboard.readText(), stored.clientIdentifier);
      await vscode.commands.executeCommand('whmcsOAuth.copyClientSecret', first);
      assert.ok((await vscode.env.clipboard.readText()) === stored.clientSecret, 'the clipboard does not hold the secret');
      await vscode.env.clipboard.writeText('');
    }],

    ['a made-up tree item is dropped: Copy Client Secret asks with a pick and then a modal, as from the palette', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const [first] = await tree.getChildren(server);
      assert.ok(first && first.type === 'credential');
      const asked = confirmations.length;
      answer = false;
      // What another extension can do: a look-alike argument, then accepting the quick pick.
      const copying = vscode.commands.executeCommand('whmcsOAuth.copyClientSecret', { ...first });
      while (confirmations.length === asked) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setImmediate(resolve));
      }
      await copying;
      assert.match(confirmations.at(-1) ?? '', /^Copy the client secret of ".*" on Sandbox to the clipboard\?$/);
      assert.equal(await vscode.env.clipboard.readText(), '', 'the secret was copied without the modal');
      answer = true;
    }],

    ['Delete OAuth Credential removes it from the sandbox and the tree', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      const children = await tree.getChildren(server);
      const last = children.at(-1);
      assert.ok(last && last.type === 'credential');
      await vscode.commands.executeCommand('whmcsOAuth.deleteCredential', last);
      assert.ok(!(await sandboxCredentials(sandboxUrl)).some((c) => c.credentialId === last.credentialId));
      assert.equal((await tree.getChildren(server)).length, children.length - 1);
    }],

    ['the filter narrows the tree', async () => {
      const [server] = await serverNodes();
      assert.ok(server);
      tree.setFilter('single_sign_on');
      const filtered = await tree.getChildren(server);
      const sso = (await sandboxCredentials(sandboxUrl)).filter((c) => c.grantTypes === 'single_sign_on');
      assert.equal(filtered.length, sso.length);
      tree.setFilter('');
    }],

    ['a server fault shows an error node; the next refresh recovers', async () => {
      const fault = await fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'html500', action: 'listoauthcredentials' }) });
      assert.equal(fault.status, 200);
      await vscode.commands.executeCommand('whmcsOAuth.refresh');
      const [server] = await serverNodes();
      assert.ok(server);
      const [errorNode] = await tree.getChildren(server);
      assert.ok(errorNode && errorNode.type === 'message' && errorNode.kind === 'error');
      assert.match(String(tree.getTreeItem(errorNode).label), /^The server answered with an HTML page \(HTTP 500\)/);
      await fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'DELETE' });
      await vscode.commands.executeCommand('whmcsOAuth.refresh');
      const children = await tree.getChildren(server);
      assert.ok(children.length > 0 && children.every((node) => node.type === 'credential'), 'the tree did not recover');
    }],

    ['a failing server shows its error node while the other still works', async () => {
      const config = vscode.workspace.getConfiguration('whmcsOAuth');
      const servers = config.get<object[]>('servers') ?? [];
      await keychain.set(apiSecretAccount(serverKey(unreachableUrl), 'nobody'), 'whatever');
      await updateSetting('servers', [...servers, { id: 'down', label: 'Down', url: unreachableUrl, identifier: 'nobody' }], vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('whmcsOAuth.refresh');
      const nodes = await serverNodes();
      assert.equal(nodes.length, 2);
      const down = nodes.find((n) => n.serverId === 'down');
      const up = nodes.find((n) => n.serverId !== 'down');
      assert.ok(down && up);
      const [errorNode] = await tree.getChildren(down);
      assert.ok(errorNode && errorNode.type === 'message' && errorNode.kind === 'error');
      assert.match(String(tree.getTreeItem(errorNode).label), /^Connection refused by http:\/\/127\.0\.0\.1:\d+\.$/);
      const downItem = tree.getTreeItem(down);
      assert.equal((downItem.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.equal(downItem.contextValue, 'server.failed');
      assert.ok((await tree.getChildren(up)).length > 0, 'the working server stopped showing credentials');
    }],

    ['Remove Server deletes its settings entry and its keychain entries', async () => {
      const nodes = await serverNodes();
      const down = nodes.find((n) => n.serverId === 'down');
      assert.ok(down);
      await vscode.commands.executeCommand('whmcsOAuth.removeServer', down);
      assert.equal(await keychain.get(apiSecretAccount(serverKey(unreachableUrl), 'nobody')), undefined);
      assert.deepEqual((await serverNodes()).map((n) => n.serverId).includes('down'), false);
    }],

    ['a server with more credentials than a page shows them a page at a time', async () => {
      const bigUrl = env('WHMCS_E2E_BIG_URL');
      const bigIdentifier = env('WHMCS_E2E_BIG_IDENTIFIER');
      const bigAccount = apiSecretAccount(serverKey(bigUrl), bigIdentifier);
      const servers = vscode.workspace.getConfiguration('whmcsOAuth').get<object[]>('servers') ?? [];
      await keychain.set(bigAccount, secretFromTestProcess('bigApiSecret'));
      await updateSetting('servers', [...servers, { id: 'big', label: 'Big', url: bigUrl, identifier: bigIdentifier }], vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('whmcsOAuth.refresh');
      const big = (await serverNodes()).find((n) => n.serverId === 'big');
      assert.ok(big);
      const page = async () => {
        const children = await tree.getChildren(big);
        const last = children.at(-1);
        return { children, more: last?.type === 'more' ? last : undefined };
      };
      let { children, more } = await page();
      assert.equal(children.length, 501, 'the first page is 500 credentials and a "Show more" row');
      assert.ok(more);
      let item = tree.getTreeItem(more);
      assert.deepEqual([item.label, item.description, item.command?.command], ['Show 500 more', '500 of 1,050 shown', 'whmcsOAuth.showMore']);
      // Another extension's made-up row changes nothing.
      await vscode.commands.executeCommand('whmcsOAuth.showMore', { type: 'more', serverId: 'big' });
      assert.equal((await page()).children.length, 501);
      await vscode.commands.executeCommand('whmcsOAuth.showMore', more);
      ({ children, more } = await page());
      assert.equal(children.length, 1001);
      assert.ok(more);
      item = tree.getTreeItem(more);
      assert.deepEqual([item.label, item.description], ['Show 50 more', '1,000 of 1,050 shown']);
      await vscode.commands.executeCommand('whmcsOAuth.showMore', more);
      ({ children, more } = await page());
      assert.equal(children.length, 1050);
      assert.ok(children.every((node) => node.type === 'credential') && more === undefined);
      assert.equal(new Set(children.map((node) => (node.type === 'credential' ? node.credentialId : 0))).size, 1050, 'a credential is shown twice');
      // A filter searches all of them, and starts again from the first page.
      tree.setFilter('app777.example');
      ({ children } = await page());
      assert.deepEqual(children.map((node) => String(tree.getTreeItem(node).label)), ['Generated Client 777']);
      tree.setFilter('');
      assert.equal((await page()).children.length, 501);
      await updateSetting('servers', servers, vscode.ConfigurationTarget.Global);
      await keychain.delete(bigAccount);
    }],
  ]);
}
