// Runs inside the real extension host, in a workspace folder whose .vscode/settings.json (a
// cloned repository's, written by the test process) tries to redirect or weaken how the user's
// stored secrets travel. Each step rewrites the workspace settings as a repository could.
import * as assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import * as https from 'node:https';
import * as vscode from 'vscode';
import type { WhmcsOAuthApi } from '../../../src/extension';
import { steps } from './steps';
import { updateSetting } from './settings';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The sandbox's request count, from its control endpoint (its test certificate is self-signed). */
function sandboxRequests(baseUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(`${baseUrl}/__sandbox/stats`, { rejectUnauthorized: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve((JSON.parse(body) as { requests: number }).requests));
      })
      .on('error', reject);
  });
}

/** Writes the workspace's server list, as a commit to .vscode/settings.json would. */
async function setWorkspaceServers(servers: unknown[]): Promise<void> {
  await updateSetting('servers', servers, vscode.ConfigurationTarget.Workspace);
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<WhmcsOAuthApi>('whmcs-oauth.whmcs-oauth');
  assert.ok(extension);
  const api = await extension.activate();
  const questions: string[] = [];
  let answer = false;
  api.setPromptsForTesting({
    confirm: async (message, detail) => {
      questions.push(`${message}\n${detail}`);
      return answer;
    },
  });
  const userUrl = env('WHMCS_E2E_SANDBOX_URL');
  const tlsUrl = env('WHMCS_E2E_TLS_URL');
  const caFile = env('WHMCS_E2E_CA_FILE');
  const identifier = env('WHMCS_E2E_API_IDENTIFIER');
  const tlsIdentifier = env('WHMCS_E2E_TLS_API_IDENTIFIER');

  const load = async (id: string) => {
    api.tree.refresh();
    await api.tree.loadAll();
    const entry = api.state.server(id);
    assert.ok(entry, `server ${id} is not configured`);
    return entry.status;
  };

  await steps('workspace', [
    ['a workspace entry naming the user\'s https server over http gets no stored secret', async () => {
      // The test process stored the API secret for https://…; this entry says http:// (the test
      // process checks that its listener there received nothing).
      assert.equal(vscode.workspace.isTrusted, true);
      const status = await load('billing');
      assert.equal(status.kind, 'failed');
      assert.match(status.kind === 'failed' ? status.message : '', /No API secret/);
      assert.deepEqual(questions, []);
    }],
    ['a workspace entry that accepts any certificate is not used until the person allows it', async () => {
      await setWorkspaceServers([{ id: 'tls', label: 'TLS', url: tlsUrl, identifier: tlsIdentifier, allowUntrustedCertificate: true }]);
      const before = await sandboxRequests(tlsUrl);
      answer = false;
      const status = await load('tls');
      assert.equal(status.kind, 'failed');
      assert.match(status.kind === 'failed' ? status.message : '', /Nothing was sent to "TLS".*accept any TLS certificate/);
      assert.equal(questions.length, 1);
      assert.match(questions[0] ?? '', /"TLS" \(https:\/\/127\.0\.0\.1:\d+\/whmcs\)[\s\S]*accept any TLS certificate/);
      assert.equal(await sandboxRequests(tlsUrl), before, 'a request went out before the person allowed it');
    }],
    ['allowed once, the same entry is used without asking again', async () => {
      answer = true;
      const status = await load('tls');
      assert.equal(status.kind, 'loaded', status.kind === 'failed' ? status.message : '');
      assert.equal(questions.length, 2);
      // A new label is a new connection, but the same security choice: no new question.
      await setWorkspaceServers([{ id: 'tls', label: 'TLS renamed', url: tlsUrl, identifier: tlsIdentifier, allowUntrustedCertificate: true }]);
      assert.equal((await load('tls')).kind, 'loaded');
      assert.equal(questions.length, 2);
    }],
    ['an extra CA file is named with its SHA-256, and asked for again when its content changes', async () => {
      answer = true;
      await setWorkspaceServers([{ id: 'tls', label: 'TLS', url: tlsUrl, identifier: tlsIdentifier, caFile }]);
      assert.equal((await load('tls')).kind, 'loaded');
      assert.equal(questions.length, 3);
      assert.ok(questions[2]?.includes(`trust the CA certificate file ${caFile}`), questions[2]);
      assert.match(questions[2] ?? '', /CA file SHA-256: [0-9a-f]{64}/);
      appendFileSync(caFile, '\n');
      await setWorkspaceServers([{ id: 'tls', label: 'TLS again', url: tlsUrl, identifier: tlsIdentifier, caFile }]);
      answer = false;
      const status = await load('tls');
      assert.equal(status.kind, 'failed');
      assert.equal(questions.length, 4, 'a changed CA file was used without asking');
    }],
    ['the workspace\'s http.proxy is not used: the user\'s server is reached directly', async () => {
      // VS Code itself keeps http.proxy out of workspace settings in this version; the extension
      // reads it from user settings only in any case. The test process counts the proxy's connections.
      await setWorkspaceServers([{ id: 'user', label: 'User', url: userUrl, identifier }]);
      const status = await load('user');
      assert.equal(status.kind, 'loaded', status.kind === 'failed' ? status.message : '');
      assert.equal(questions.length, 4, 'an entry that weakens nothing needs no question');
    }],
  ]);
}
