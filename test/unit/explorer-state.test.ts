import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExplorerState, type LoadResult } from '../../src/app/explorerState';
import type { ServerProfile } from '../../src/app/serverProfile';
import type { OAuthCredential } from '../../src/core/whmcs/types';

const profile = (id: string): ServerProfile => ({ id, label: id, url: `https://${id}.example`, auth: 'apiCredential', identifier: 'x' });
const credential = { credentialId: 1, clientIdentifier: 'C1' } as OAuthCredential;

test('loads once per refresh, joins a load under way, keeps failures as data', async () => {
  let calls = 0;
  const state = new ExplorerState(async (p): Promise<LoadResult> => {
    calls++;
    if (p.id === 'bad') throw Object.assign(new Error('Authentication Failed'), { kind: 'auth', hint: 'Check the secret.' });
    return { credentials: [credential], heldSecrets: new Map([['C1', 'the OS keychain (Secret Service)']]) };
  });
  state.setProfiles([profile('good'), profile('bad')]);
  const changes: Array<string | undefined> = [];
  state.onDidChange((change) => changes.push(change.serverId));
  await Promise.all([state.ensureLoaded('good'), state.ensureLoaded('good')]);
  await state.ensureLoaded('bad');
  assert.deepEqual(changes, ['good', 'good', 'bad', 'bad'], 'each load is announced when it starts and when it ends');
  assert.equal(calls, 2);
  assert.equal(state.credential('good', 1), credential);
  const bad = state.server('bad')?.status;
  assert.deepEqual(bad && bad.kind === 'failed' ? [bad.message, bad.hint, bad.errorKind] : [], ['Authentication Failed', 'Check the secret.', 'auth']);
  await state.ensureLoaded('good');
  assert.equal(calls, 2, 'loaded data is reused');
  state.invalidate('good');
  await state.ensureLoaded('good');
  assert.equal(calls, 3);
  const loaded = state.server('good')?.status;
  assert.ok(loaded?.kind === 'loaded' && loaded.heldSecrets.get('C1') === 'the OS keychain (Secret Service)');
  state.setSecretHeld('good', 'C1', 'VS Code Secret Storage');
  const moved = state.server('good')?.status;
  assert.ok(moved?.kind === 'loaded' && moved.heldSecrets.get('C1') === 'VS Code Secret Storage', 'where a secret went is recorded');
  state.setSecretHeld('good', 'C1', undefined);
  const good = state.server('good')?.status;
  assert.ok(good?.kind === 'loaded' && !good.heldSecrets.has('C1'));
});

test('unchanged profiles keep their data; changed ones start over', async () => {
  const state = new ExplorerState(async () => ({ credentials: [credential], heldSecrets: new Map<string, string>() }));
  state.setProfiles([profile('a'), profile('b')]);
  await state.ensureLoaded('a');
  await state.ensureLoaded('b');
  state.setProfiles([profile('a'), { ...profile('b'), label: 'renamed' }]);
  assert.equal(state.server('a')?.status.kind, 'loaded');
  assert.equal(state.server('b')?.status.kind, 'idle');
});

test('a reload announces the credentials that changed since the last load, in the same turn as its end', async () => {
  let version = { ...credential, name: 'before', updatedAt: '1' } as OAuthCredential;
  const other = { ...credential, credentialId: 2, clientIdentifier: 'C2', name: 'other' } as OAuthCredential;
  const state = new ExplorerState(async () => ({ credentials: [version, other], heldSecrets: new Map<string, string>() }));
  state.setProfiles([profile('s')]);
  const changed: string[][] = [];
  state.onDidChange((change) => {
    if (change.changedCredentials.length) changed.push(change.changedCredentials.map((c) => c.name));
    // Listeners see the new data already.
    if (change.changedCredentials.length) assert.equal(state.credential('s', 1)?.name, 'after');
  });
  await state.ensureLoaded('s');
  assert.deepEqual(changed, [], 'a first load changes nothing');
  version = { ...version, name: 'after', updatedAt: '2' } as OAuthCredential;
  state.invalidate('s');
  await state.ensureLoaded('s');
  assert.deepEqual(changed, [['after']], 'only the credential that changed');
  state.invalidate('s');
  await state.ensureLoaded('s');
  assert.deepEqual(changed, [['after']], 'nothing changed: nothing announced');
});

test('a refresh during a background reload reads again: the older answer, begun before, is dropped', async () => {
  const answers: Array<(result: LoadResult) => void> = [];
  const state = new ExplorerState(() => new Promise<LoadResult>((resolve) => answers.push(resolve)));
  state.setProfiles([profile('s')]);
  const first = state.ensureLoaded('s');
  answers.shift()?.({ credentials: [credential], heldSecrets: new Map<string, string>() });
  await first;
  const background = state.reload('s'); // after a reset, say: the tree keeps showing the data
  const added = { ...credential, credentialId: 2, clientIdentifier: 'C2' } as OAuthCredential;
  // Something is added on the server; the person refreshes while the background read is out.
  state.invalidate('s');
  const refreshed = state.ensureLoaded('s');
  assert.equal(answers.length, 2, 'the refresh read the server again instead of joining the older read');
  answers[1]?.({ credentials: [credential, added], heldSecrets: new Map<string, string>() });
  await refreshed;
  answers[0]?.({ credentials: [credential], heldSecrets: new Map<string, string>() });
  await background;
  assert.equal(state.credential('s', 2), added, 'the older answer replaced the newer one');
});
