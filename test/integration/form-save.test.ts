// The update form's save flow (host side, without VS Code) against the sandbox over loopback,
// including what the webview cannot decide alone: a reset needs the host's question answered yes,
// an overwrite needs the host's own `stale` answer for the version still on the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';
import { toFormCredential } from '../../src/shared/formModel';
import { applyListsAgainSafely, saveCredential, type SaveDeps, type ShownVersions } from '../../src/features/form/saveFlow';
import type { FormCredential, HostMessage } from '../../src/shared/protocol';
import { assertSecretKept } from '../support/secretKept';

let box: Sandbox;
let api: OAuthCredentialsApi;
const kept: Array<{ clientIdentifier: string; secret: string }> = [];
const unknownResets: string[] = [];
/** The credentials the host's reset question was asked about. */
const asked: FormCredential[] = [];

before(async () => {
  box = await createSandbox({ mergeDefect: true });
  api = new OAuthCredentialsApi(new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential }, timeouts: { headersMs: 500 } }));
});

after(async () => {
  await api.client.close();
  await box.close();
});

const deps = (): SaveDeps => ({
  api,
  keepNewSecret: async (clientIdentifier, _name, secret) => {
    kept.push({ clientIdentifier, secret });
    return { storeDescription: 'test store' };
  },
  resetOutcomeUnknown: async (fingerprint) => void unknownResets.push(fingerprint),
  confirmReset: async (credential) => {
    asked.push(credential);
    return true;
  },
});

/** What the host showed: the loaded version, and no `stale` answer unless given. */
const shown = (loaded: FormCredential, staleShown?: FormCredential): ShownVersions => ({ loaded, staleShown });

async function loadedCredential(): Promise<FormCredential> {
  const [first] = await api.list({ grantType: 'authorization_code' });
  assert.ok(first);
  return toFormCredential(first);
}

function saveMessage(loaded: FormCredential, changes: object, extra: object = {}) {
  return { type: 'save' as const, credentialId: loaded.credentialId, baseUpdatedAt: loaded.updatedAt, changes, resetSecret: false, overwrite: false, ...extra };
}

test('a save sends only the changes, reloads and reports phases', async () => {
  const loaded = await loadedCredential();
  const phases: string[] = [];
  const answer = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { name: 'Renamed <b>&</b>' }), new AbortController().signal, (p) => phases.push(p));
  assert.equal(answer.type, 'saved');
  if (answer.type !== 'saved') return;
  assert.deepEqual(answer.sentFields, ['name']);
  assert.equal(answer.credential.name, 'Renamed <b>&</b>');
  assert.equal(box.state.getCredential(loaded.credentialId)?.name, 'Renamed &lt;b&gt;&amp;&lt;/b&gt;');
  assert.deepEqual(phases, ['checking', 'sending', 'verifying']);
});

test('a save with resetSecret false keeps the client secret and sends no resetSecret at all', async () => {
  const loaded = await loadedCredential();
  const secretBefore = box.state.getCredential(loaded.credentialId)?.clientSecret;
  box.resetStats();
  const renamed = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { name: 'Saved without a reset' }), new AbortController().signal, () => undefined);
  assert.equal(renamed.type, 'saved');
  assert.ok(renamed.type === 'saved');
  // A list change too: read back and verified, a second path through the client.
  const listed = await saveCredential(deps(), shown(renamed.credential), saveMessage(renamed.credential, { redirectUris: [...loaded.redirectUris, 'https://kept.example/cb'] }), new AbortController().signal, () => undefined);
  assert.equal(listed.type, 'saved');
  assert.ok(listed.type === 'saved' && listed.secretReset === undefined, 'the form was told of a reset');
  assertSecretKept({ secretBefore, secretAfter: box.state.getCredential(loaded.credentialId)?.clientSecret, requests: box.requests(), minimumUpdates: 2 });
});

test('a form the server changed under is stale until overwritten', async () => {
  const loaded = await loadedCredential();
  const stored = box.state.getCredential(loaded.credentialId);
  assert.ok(stored);
  box.state.saveCredential({ ...stored, description: 'changed elsewhere' });
  const answer = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { name: 'Mine' }), new AbortController().signal, () => undefined);
  assert.equal(answer.type, 'stale');
  assert.deepEqual(answer.type === 'stale' && answer.changedFields, ['description']);
  assert.notEqual(box.state.getCredential(loaded.credentialId)?.name, 'Mine', 'nothing was sent');
  assert.ok(answer.type === 'stale');
  const forced = await saveCredential(deps(), shown(loaded, answer.current), saveMessage(loaded, { name: 'Mine' }, { overwrite: true }), new AbortController().signal, () => undefined);
  assert.equal(forced.type, 'saved');
  assert.equal(box.state.getCredential(loaded.credentialId)?.name, 'Mine');
  assert.equal(box.state.getCredential(loaded.credentialId)?.description, 'changed elsewhere', 'an unchanged field is not sent back');
});

test('cancelling before the request is sent changes nothing', async () => {
  const loaded = await loadedCredential();
  const controller = new AbortController();
  const answer = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { name: 'Never' }), controller.signal, (phase) => {
    if (phase === 'checking') controller.abort();
  });
  assert.equal(answer.type, 'saveCancelled');
  assert.notEqual(box.state.getCredential(loaded.credentialId)?.name, 'Never');
});

test('a reset keeps the new secret and never sends it to the webview', async () => {
  const loaded = await loadedCredential();
  const answer: HostMessage = await saveCredential(deps(), shown(loaded), saveMessage(loaded, {}, { resetSecret: true }), new AbortController().signal, () => undefined);
  const stored = box.state.getCredential(loaded.credentialId);
  assert.equal(answer.type, 'saved');
  assert.deepEqual(answer.type === 'saved' && answer.secretReset, { storeDescription: 'test store' });
  assert.equal(kept.at(-1)?.secret, stored?.clientSecret);
  assert.ok(!JSON.stringify(answer).includes(stored?.clientSecret ?? '-'));
});

test('a reset is sent only after the host asked about this credential; declined, not a single request goes out', async () => {
  const loaded = await loadedCredential();
  const secretBefore = box.state.getCredential(loaded.credentialId)?.clientSecret;
  const requestsBefore = box.stats().requests;
  const questions: FormCredential[] = [];
  const declining: SaveDeps = { ...deps(), confirmReset: async (credential) => (questions.push(credential), false) };
  const phases: string[] = [];
  const answer = await saveCredential(declining, shown(loaded), saveMessage(loaded, { name: 'With the reset' }, { resetSecret: true }), new AbortController().signal, (p) => phases.push(p));
  assert.deepEqual(answer, { type: 'saveCancelled' });
  assert.deepEqual(questions, [loaded], 'asked once, about the credential the host loaded');
  assert.equal(box.stats().requests, requestsBefore, 'a request went to the server');
  assert.deepEqual(phases, []);
  assert.ok(box.state.getCredential(loaded.credentialId)?.clientSecret === secretBefore, 'the secret was reset');
  assert.notEqual(box.state.getCredential(loaded.credentialId)?.name, 'With the reset', 'the other changes were not sent either');

  // A save without a reset is not asked about.
  const askedBefore = asked.length;
  const plain = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { name: 'No reset' }), new AbortController().signal, () => undefined);
  assert.equal(plain.type, 'saved');
  assert.equal(asked.length, askedBefore);
});

test('overwrite without the host\'s own stale answer is answered stale, nothing overwritten', async () => {
  const loaded = await loadedCredential();
  const stored = box.state.getCredential(loaded.credentialId);
  assert.ok(stored);
  box.state.saveCredential({ ...stored, name: 'Renamed elsewhere' });
  const before = JSON.stringify(box.state.getCredential(loaded.credentialId));
  const answer = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { description: 'Mine' }, { overwrite: true }), new AbortController().signal, () => undefined);
  assert.equal(answer.type, 'stale');
  assert.ok(answer.type === 'stale');
  assert.deepEqual(answer.changedFields, ['name']);
  assert.equal(answer.current.name, 'Renamed elsewhere', 'the answer carries the server\'s version');
  assert.ok(JSON.stringify(box.state.getCredential(loaded.credentialId)) === before, 'the credential was overwritten');
});

test('overwrite after the host\'s stale answer, but the server changed again since: stale again with the newer version', async () => {
  const loaded = await loadedCredential();
  const stored = box.state.getCredential(loaded.credentialId);
  assert.ok(stored);
  box.state.saveCredential({ ...stored, name: 'First change elsewhere' });
  const first = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { description: 'Mine' }), new AbortController().signal, () => undefined);
  assert.ok(first.type === 'stale');
  // Changed again after the host showed the first change (perhaps within the same second: the fields tell).
  const changedAgain = box.state.getCredential(loaded.credentialId);
  assert.ok(changedAgain);
  box.state.saveCredential({ ...changedAgain, name: 'Second change elsewhere' });
  const before = JSON.stringify(box.state.getCredential(loaded.credentialId));
  const second = await saveCredential(deps(), shown(loaded, first.current), saveMessage(loaded, { description: 'Mine' }, { overwrite: true }), new AbortController().signal, () => undefined);
  assert.ok(second.type === 'stale', `answered ${second.type}`);
  assert.equal(second.current.name, 'Second change elsewhere', 'the answer carries the newer version');
  assert.ok(JSON.stringify(box.state.getCredential(loaded.credentialId)) === before, 'the newer version was overwritten unseen');
  // Overwriting the version the host showed last goes through.
  const third = await saveCredential(deps(), shown(loaded, second.current), saveMessage(loaded, { description: 'Mine' }, { overwrite: true }), new AbortController().signal, () => undefined);
  assert.equal(third.type, 'saved');
  assert.equal(box.state.getCredential(loaded.credentialId)?.description, 'Mine');
});

test('server errors name the field; a dropped list item is reported and applied again safely', async () => {
  const loaded = await loadedCredential();
  const failed = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { scopes: ['openid', 'nope:scope'] }), new AbortController().signal, () => undefined);
  assert.deepEqual(failed, { type: 'saveFailed', message: 'The requested scope "nope:scope" is invalid.', hint: 'Correct the scopes and try again.', field: 'scope', notApplied: true });

  const wanted = [...loaded.scopes.slice(1), 'clientarea:tickets'];
  const saved = await saveCredential(deps(), shown(loaded), saveMessage(loaded, { scopes: wanted }), new AbortController().signal, () => undefined);
  assert.equal(saved.type, 'saved');
  assert.deepEqual(saved.type === 'saved' && saved.differences, [{ field: 'scopes', missing: ['clientarea:tickets'], extra: [] }]);
  const repaired = await applyListsAgainSafely(deps(), { type: 'applyAgainSafely', credentialId: loaded.credentialId, lists: { scopes: wanted } });
  assert.equal(repaired.type, 'saved');
  assert.deepEqual(repaired.type === 'saved' && repaired.differences, []);
  assert.deepEqual(box.state.getCredential(loaded.credentialId)?.scope.split(' ').sort(), [...wanted].sort());
});

test('a lost reset answer is recovered; an unknown outcome is handed over for a later check', async () => {
  const loaded = await loadedCredential();
  box.faults.inject({ kind: 'applyThenDrop', action: 'updateoauthcredential', times: 1 });
  const recovered = await saveCredential(deps(), shown(loaded), saveMessage(loaded, {}, { resetSecret: true }), new AbortController().signal, () => undefined);
  assert.equal(recovered.type, 'saved');
  assert.equal(kept.at(-1)?.secret, box.state.getCredential(loaded.credentialId)?.clientSecret);

  // A failed check before sending: nothing was sent, so it is safe to try again.
  box.faults.inject({ kind: 'html500', action: 'listoauthcredentials', times: 1 });
  const blocked = await saveCredential(deps(), shown(loaded), saveMessage(loaded, {}, { resetSecret: true }), new AbortController().signal, () => undefined);
  assert.equal(blocked.type, 'saveFailed');
  assert.equal(blocked.type === 'saveFailed' && blocked.notApplied, true);

  // The answer is lost and the server cannot be asked afterwards: handed over for a later check.
  let lists = 0;
  const watched = new OAuthCredentialsApi(
    new WhmcsClient({
      baseUrl: box.url,
      auth: { kind: 'apiCredential', ...box.apiCredential },
      onCall: (event) => {
        // The stale check and the fingerprint pass; every list after the reset fails.
        if (event.action === 'listoauthcredentials' && ++lists === 2) box.faults.inject({ kind: 'html500', action: 'listoauthcredentials' });
      },
    }),
  );
  box.faults.inject({ kind: 'applyThenDrop', action: 'updateoauthcredential', times: 1 });
  try {
    const fresh = toFormCredential(await api.get(loaded.credentialId));
    const unknown = await saveCredential({ ...deps(), api: watched }, shown(fresh), saveMessage(fresh, {}, { resetSecret: true }), new AbortController().signal, () => undefined);
    assert.equal(unknown.type, 'saveFailed');
    assert.equal(unknown.type === 'saveFailed' && unknown.notApplied, false);
    assert.equal(unknownResets.length, 1);
    assert.match(unknownResets[0] ?? '', /^[0-9a-f]{64}$/, 'the old secret\'s fingerprint, for the later check');
  } finally {
    box.faults.clear();
    await watched.client.close();
  }
});
