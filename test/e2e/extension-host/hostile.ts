// Hostile server data, inside the real extension host: names, descriptions, scopes and redirect
// URIs with HTML, script, Markdown command links, control characters, bidi overrides, very long
// values and unicode. The tree shows them as plain text (labels are strings, tooltips are escaped
// untrusted Markdown with HTML off), the form is loaded with them exactly, and what the form sends
// is stored by the sandbox exactly as WHMCS would store it and read back unchanged.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createSandbox } from '../../../sandbox/index';
import { htmlEscape } from '../../../sandbox/htmlEscape';
import type { WhmcsOAuthApi } from '../../../src/extension';
import { plainText } from '../../../src/features/explorer/treeModel';
import { quoteText } from '../../../src/features/explorer/resetQuestion';
import { clientSecretAccount, serverKey } from '../../../src/core/secrets/keychainLayout';
import { WhmcsClient } from '../../../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../../../src/core/whmcs/oauthCredentials';
import { HOSTILE } from './hostileData';
import { openForm } from './formDriver';
import { addSandboxServer } from './addServer';
import { steps, type Step } from './steps';

/** In every hostile message's values: the log must never show it. */
const HOSTILE_MARKER = 'HOSTILE-MESSAGE-VALUE-7f3a9c';

/** Messages a compromised or buggy webview could send; none may have an effect. */
function hostileMessages(save: Record<string, unknown>, credentialId: number): unknown[] {
  return [
    null,
    HOSTILE_MARKER,
    [save],
    {},
    { type: 'launchMissiles', value: HOSTILE_MARKER },
    { type: 'ready', extra: HOSTILE_MARKER },
    { ...save, credentialId: credentialId + 1 },
    { ...save, credentialId: String(credentialId) },
    { ...save, resetSecret: 'yes' },
    { ...save, changes: { name: 5 } },
    { ...save, changes: { name: HOSTILE_MARKER.repeat(10_000) } },
    { ...save, changes: { clientSecret: HOSTILE_MARKER } },
    { ...save, changes: { scopes: Array(1_000).fill(HOSTILE_MARKER) } },
    { ...save, changes: { redirectUris: [{ toString: HOSTILE_MARKER }] } },
    { ...save, extra: HOSTILE_MARKER },
    { type: 'save', credentialId, changes: { name: HOSTILE_MARKER } },
    { type: 'copySecret', credentialId: credentialId + 1 },
    { type: 'applyAgainSafely', credentialId, lists: { name: HOSTILE_MARKER } },
  ];
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  api.setPromptsForTesting({ confirm: async () => true });
  const box = await createSandbox({ seed: false });
  // Read back with a client of its own: what any other program would get from the server.
  const reader = new OAuthCredentialsApi(new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential } }));
  const tree = api.tree;
  const ids = new Map<string, number>();
  for (const [label, value] of Object.entries(HOSTILE)) {
    // As WHMCS stores what it was sent: every request value through htmlspecialchars.
    const stored = box.state.addCredential({
      grantTypes: 'authorization_code',
      name: htmlEscape(value.name),
      description: htmlEscape(value.description),
      scope: value.scopes.join(' '),
      redirectUri: value.redirectUris.map(htmlEscape),
    });
    ids.set(label, stored.credentialId);
  }
  // And one written into the database by something else, raw.
  const raw = box.state.addCredential({ grantTypes: 'authorization_code', name: '<img src=x onerror=alert(2)> raw', description: '<script>x</script>', scope: 'openid' });

  const cases: Step[] = [
    ['Add Server', async () => {
      await addSandboxServer(api, box, 'Hostile <b>server</b>');
    }],
    ['the tree shows every hostile value as plain text', async () => {
      const [server] = await tree.getChildren();
      assert.ok(server);
      assert.equal(tree.getTreeItem(server).label, 'Hostile <b>server</b>');
      const children = await tree.getChildren(server);
      assert.equal(children.length, Object.keys(HOSTILE).length + 1);
      for (const [label, value] of [...Object.entries(HOSTILE), ['raw', { name: '<img src=x onerror=alert(2)> raw', description: '<script>x</script>', scopes: ['openid'], redirectUris: [] }] as const]) {
        const id = label === 'raw' ? raw.credentialId : ids.get(label);
        const node = children.find((n) => n.type === 'credential' && n.credentialId === id);
        assert.ok(node, `${label}: not in the tree`);
        const item = tree.resolveTreeItem(tree.getTreeItem(node), node);
        // A string label is never interpreted by VS Code; it is the name flattened to one line.
        assert.equal(typeof item.label, 'string');
        assert.equal(item.label, plainText(value.name), `${label}: the label is not the name as text`);
        const tooltip = item.tooltip as vscode.MarkdownString;
        assert.ok(tooltip instanceof vscode.MarkdownString, `${label}: no tooltip`);
        assert.equal(tooltip.supportHtml, false);
        assert.ok(!tooltip.isTrusted, `${label}: a trusted tooltip could run command links`);
        // Every character Markdown or HTML could read is an entity: no tag, link or code survives
        // (the only markup is the tooltip's own bold title and table).
        assert.ok(!/<[a-z!/]|\]\(|command:|`/i.test(tooltip.value), `${label}: markup survived in the tooltip`);
        const details = await tree.getChildren(node);
        const scopesRow = details.map((d) => tree.getTreeItem(d)).find((d) => d.label === 'Scopes');
        assert.ok(scopesRow && typeof scopesRow.description === 'string');
      }
    }],
  ];

  for (const [label, value] of Object.entries(HOSTILE)) {
    cases.push([`${label}: the form loads it exactly, and saving it stores it exactly`, async () => {
      const [server] = await tree.getChildren();
      assert.ok(server && server.type === 'server');
      // The credential is saved with every hostile field replaced by the hostile value of the
      // next case, so each field really is sent.
      const labels = Object.keys(HOSTILE);
      const next = HOSTILE[labels[(labels.indexOf(label) + 1) % labels.length] ?? ''];
      assert.ok(next);
      const credentialId = ids.get(label);
      assert.ok(credentialId);
      const form = await openForm(api, { serverId: server.serverId, credentialId });
      try {
        const { credential } = form.loaded;
        assert.equal(credential.name, value.name, 'the form got a different name');
        assert.equal(credential.description, value.description, 'the form got a different description');
        assert.deepEqual(credential.scopes, value.scopes);
        assert.deepEqual(credential.redirectUris, value.redirectUris);

        const answer = await form.save({ name: next.name, description: next.description, scopes: next.scopes, redirectUris: next.redirectUris });
        assert.ok(answer.type === 'saved', `not saved: ${JSON.stringify(answer).slice(0, 300)}`);
        assert.deepEqual(answer.differences, [], 'the server did not store everything as sent');
        assert.equal(answer.credential.name, next.name);

        // On the server: exactly what WHMCS makes of it; read back by another client: unchanged.
        const stored = box.state.getCredential(credentialId);
        assert.ok(stored);
        assert.equal(stored.name, htmlEscape(next.name), 'the server holds a different name than WHMCS would');
        assert.equal(stored.description, htmlEscape(next.description));
        const readBack = await reader.get(credentialId);
        assert.equal(readBack.name, next.name, 'the name did not round-trip');
        assert.equal(readBack.description, next.description, 'the description did not round-trip');
        assert.deepEqual(readBack.scopes, next.scopes);
        assert.deepEqual(readBack.redirectUris, next.redirectUris, 'the redirect URIs did not round-trip');
      } finally {
        form.dispose();
      }
    }]);
  }

  cases.push(['hostile webview messages are rejected without effect (and logged without their values)', async () => {
    const [server] = await tree.getChildren();
    assert.ok(server && server.type === 'server');
    const credentialId = ids.get('HTML and script');
    assert.ok(credentialId);
    const form = await openForm(api, { serverId: server.serverId, credentialId });
    try {
      const before = JSON.stringify(box.state.getCredential(credentialId));
      // What a valid message costs on its own: a reload reads the credential from the server.
      let requestsBefore = box.stats().requests;
      await form.reload();
      const requestsPerReload = box.stats().requests - requestsBefore;
      requestsBefore = box.stats().requests;
      const answersBefore = form.answers.length;
      const save = { type: 'save', credentialId, baseUpdatedAt: form.loaded.credential.updatedAt, changes: { name: HOSTILE_MARKER }, resetSecret: false, overwrite: false };
      for (const message of hostileMessages(save, credentialId)) form.send(message);
      // Messages are handled in the order they come: once a valid one sent after the hostile ones
      // is answered, every hostile one was seen, and anything one of them set off has started.
      await form.reload();
      assert.equal(box.stats().requests - requestsBefore, requestsPerReload, 'a rejected message reached the server');
      assert.equal(JSON.stringify(box.state.getCredential(credentialId)), before, 'a rejected message changed the credential');
      assert.deepEqual(form.answers.slice(answersBefore).map((answer) => answer.type), ['load'], 'a rejected message was answered');
    } finally {
      form.dispose();
    }
  }]);

  /** The host's questions, as the modal would show them. */
  const questions: Array<{ message: string; detail: string; confirmLabel: string }> = [];
  const answering = (answer: boolean) =>
    api.setPromptsForTesting({
      confirm: async (message, detail, confirmLabel) => {
        questions.push({ message, detail, confirmLabel });
        return answer;
      },
    });
  // For what a webview may ask but not decide alone (a reset, an overwrite); added after the tree
  // steps counted the credentials.
  let guarded: { credentialId: number; clientIdentifier: string } = { credentialId: 0, clientIdentifier: '' };
  const guardedForm = async () => {
    const [server] = await tree.getChildren();
    assert.ok(server && server.type === 'server');
    if (!guarded.credentialId) guarded = box.state.addCredential({ grantTypes: 'authorization_code', name: htmlEscape('Acme "prod" & <b>co</b>'), scope: 'openid' });
    return openForm(api, { serverId: server.serverId, credentialId: guarded.credentialId });
  };

  cases.push(['a reset the webview asks for needs the host\'s own modal: declined, nothing is sent', async () => {
    const form = await guardedForm();
    answering(false);
    try {
      const before = JSON.stringify(box.state.getCredential(guarded.credentialId));
      const requestsBefore = box.stats().requests;
      questions.length = 0;
      const answer = await form.save({ name: 'Renamed with the reset' }, { resetSecret: true });
      assert.deepEqual(answer, { type: 'saveCancelled' }, 'the webview is told the save was cancelled');
      assert.equal(box.stats().requests, requestsBefore, 'a request reached the server');
      assert.ok(JSON.stringify(box.state.getCredential(guarded.credentialId)) === before, 'the secret or the name changed on the server');
      assert.deepEqual(questions, [
        {
          message: `Reset the client secret of ${quoteText('Acme "prod" & <b>co</b>')} on Hostile <b>server</b>?`,
          detail: `The old secret stops working at once: every application using client ID ${quoteText(guarded.clientIdentifier)} must get the new one. There is no undo. The new secret goes to ${(await api.secrets.active()).description}.`,
          confirmLabel: 'Reset Secret',
        },
      ]);
    } finally {
      form.dispose();
      answering(true);
    }
  }]);

  cases.push(['a reset the webview asks for, confirmed in the host\'s modal: reset, and the new secret kept', async () => {
    const form = await guardedForm();
    answering(true);
    try {
      const secretBefore = box.state.getCredential(guarded.credentialId)?.clientSecret;
      questions.length = 0;
      const answer = await form.save({}, { resetSecret: true });
      assert.ok(answer.type === 'saved' && answer.secretReset, `not reset: ${answer.type}`);
      assert.equal(questions.length, 1, 'the host asked once');
      const after = box.state.getCredential(guarded.credentialId)?.clientSecret;
      assert.ok(after && after !== secretBefore, 'the secret did not change on the server');
      const held = await api.secrets.find(clientSecretAccount(serverKey(box.url), guarded.clientIdentifier));
      assert.ok(held?.secret === after, 'the new secret was not kept');
    } finally {
      form.dispose();
    }
  }]);

  cases.push(['an overwrite the webview asks for without the host\'s stale answer is answered stale; nothing overwritten', async () => {
    const form = await guardedForm();
    try {
      const stored = box.state.getCredential(guarded.credentialId);
      assert.ok(stored);
      box.state.saveCredential({ ...stored, description: 'changed elsewhere' });
      const before = JSON.stringify(box.state.getCredential(guarded.credentialId));
      const forced = await form.save({ name: 'Overwritten' }, { overwrite: true });
      assert.ok(forced.type === 'stale', `answered ${forced.type}`);
      assert.deepEqual(forced.changedFields, ['description']);
      assert.equal(forced.current.description, 'changed elsewhere');
      assert.ok(JSON.stringify(box.state.getCredential(guarded.credentialId)) === before, 'the server\'s version was overwritten');
      // Now the host has shown that version: the same overwrite goes through.
      const again = await form.save({ name: 'Overwritten' }, { overwrite: true });
      assert.equal(again.type, 'saved');
      assert.equal(box.state.getCredential(guarded.credentialId)?.name, 'Overwritten');
    } finally {
      form.dispose();
    }
  }]);

  try {
    await steps('hostile', cases);
  } finally {
    await reader.client.close();
    await box.close();
  }
}
