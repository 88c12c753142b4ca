// The approval of a workspace's server entry that weakens how secrets travel, in plain Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceServerApprovals, WorkspaceSettingsNotAllowedError, type ApprovalQuestion } from '../../src/app/workspaceApprovals';
import type { ServerProfile } from '../../src/app/serverProfile';

function memento() {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, value) };
}

const base: ServerProfile = { id: 'b', label: 'Billing', url: 'https://billing.example.com', auth: 'apiCredential', identifier: 'ID' };

test('an entry that weakens nothing is never asked about', async () => {
  const asked: ApprovalQuestion[] = [];
  const approvals = new WorkspaceServerApprovals(memento(), async (q) => (asked.push(q), false));
  await approvals.require(base, undefined);
  await approvals.require({ ...base, url: 'http://127.0.0.1:8787', allowInsecureHttp: true }, undefined);
  assert.equal(asked.length, 0);
});

test('asked once per exact entry and CA content; a decline sends nothing and is asked again', async () => {
  const asked: ApprovalQuestion[] = [];
  let answer = false;
  const approvals = new WorkspaceServerApprovals(memento(), async (q) => (asked.push(q), answer));
  const entry = { ...base, caFile: '/repo/ca.pem', allowUntrustedCertificate: true };
  await assert.rejects(approvals.require(entry, 'PEM-1'), WorkspaceSettingsNotAllowedError);
  answer = true;
  await approvals.require(entry, 'PEM-1');
  await approvals.require({ ...entry, label: 'Renamed' }, 'PEM-1');
  assert.equal(asked.length, 2);
  assert.match(asked[1]?.message ?? '', /"Billing" \(https:\/\/billing\.example\.com\)/);
  assert.match(asked[1]?.detail ?? '', /accept any TLS certificate[\s\S]*trust the CA certificate file \/repo\/ca\.pem[\s\S]*CA file SHA-256: [0-9a-f]{64}/);
  await approvals.require(entry, 'PEM-2');
  await approvals.require({ ...entry, identifier: 'OTHER' }, 'PEM-2');
  assert.equal(asked.length, 4, 'a new CA content or another identity is a new question');
});

test('plain http to another machine is named', async () => {
  const asked: ApprovalQuestion[] = [];
  const approvals = new WorkspaceServerApprovals(memento(), async (q) => (asked.push(q), true));
  await approvals.require({ ...base, url: 'http://billing.example.com', allowInsecureHttp: true }, undefined);
  assert.match(asked[0]?.detail ?? '', /use plain http: the API secret crosses the network unencrypted/);
});
