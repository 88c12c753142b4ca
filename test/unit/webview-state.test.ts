// The update form's state logic (src/webview/state.ts and its helpers) without a browser: what a
// user action or a host message does to the form, and which message goes to the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormCredential, HostMessage } from '../../src/shared/protocol';
import { parseHostMessage } from '../../src/webview/hostMessages';
import { keyAction, type KeyInput } from '../../src/webview/keyboard';
import { parsePersistedDraft } from '../../src/webview/persistence';
import {
  canSave,
  canTestSignIn,
  changedElsewhere,
  changedFieldsOf,
  errorsOf,
  fieldMessageOf,
  initialState,
  isLocked,
  offersTestSignIn,
  parseServiceId,
  persistedDraftOf,
  receive,
  reduce,
  scopeOptionsOf,
  grantTypeOptionsOf,
  type FormState,
  type LoadMessage,
  type UserAction,
} from '../../src/webview/state';

const credential: FormCredential = {
  credentialId: 7,
  clientIdentifier: 'WHMCS-4c1d0e2f9a',
  name: 'Billing portal',
  description: 'Portal',
  grantType: 'authorization_code',
  scopes: ['clientarea:sso', 'openid'],
  serviceId: 0,
  logoUri: '',
  redirectUris: ['https://a.example/cb', 'https://b.example/cb', 'https://c.example/cb'],
  createdAt: 'c',
  updatedAt: 'u1',
};

function loadMessage(overrides: Partial<FormCredential> = {}, serverId = 'server-1'): LoadMessage {
  return {
    type: 'load',
    serverId,
    credential: { ...credential, ...overrides },
    serverLabel: 'Billing',
    scopeSuggestions: ['clientarea:sso', 'openid', 'email'],
    storeDescription: 'the OS keychain',
    secretHeld: false,
  };
}

const fresh = (): FormState => initialState(loadMessage(), undefined);

/** Applies actions in turn; returns the last state and every message sent. */
function run(state: FormState, ...actions: UserAction[]): { state: FormState; sent: unknown[] } {
  const sent: unknown[] = [];
  for (const action of actions) {
    const step = reduce(state, action);
    state = step.state;
    if (step.send) sent.push(step.send);
  }
  return { state, sent };
}

test('starts from the loaded values with nothing to save', () => {
  const state = fresh();
  assert.deepEqual(state.draft.redirectUris, credential.redirectUris);
  assert.deepEqual(changedFieldsOf(state), []);
  assert.equal(canSave(state), false);
  assert.equal(state.notice, undefined);
  assert.deepEqual(run(state, { type: 'save' }).sent, [], 'nothing to save: no message');
});

test('a persisted draft is restored only for the same server, credential and version', () => {
  const edited = run(fresh(), { type: 'setText', field: 'name', value: 'Draft' }).state;
  const persisted = parsePersistedDraft(JSON.parse(JSON.stringify(persistedDraftOf(edited))));
  assert.ok(persisted);
  const restored = initialState(loadMessage(), persisted);
  assert.equal(restored.draft.name, 'Draft');
  assert.match(restored.notice ?? '', /restored/);
  assert.equal(initialState(loadMessage({ updatedAt: 'u2' }), persisted).draft.name, 'Billing portal', 'changed on the server since');
  assert.equal(initialState(loadMessage({}, 'server-2'), persisted).draft.name, 'Billing portal', 'another server');
  assert.equal(initialState(loadMessage({ credentialId: 8 }), persisted).draft.name, 'Billing portal', 'another credential');
});

test('the persisted state holds the draft and its base, nothing else, and is checked when read back', () => {
  const state = run(fresh(), { type: 'setServiceId', text: '1.5' }, { type: 'setResetSecret', on: true }).state;
  const persisted = persistedDraftOf(state);
  assert.deepEqual(Object.keys(persisted).sort(), ['baseUpdatedAt', 'credentialId', 'draft', 'resetSecret', 'serverId', 'version']);
  assert.deepEqual(Object.keys(persisted.draft).sort(), ['description', 'grantType', 'logoUri', 'name', 'redirectUris', 'scopes', 'serviceId']);
  assert.deepEqual(parsePersistedDraft(JSON.parse(JSON.stringify(persisted))), persisted);
  // A NaN service ID becomes null in JSON and comes back as NaN (still invalid, not dropped).
  const nan = JSON.parse(JSON.stringify(persistedDraftOf(run(state, { type: 'setServiceId', text: 'e' }).state)));
  assert.ok(Number.isNaN(parsePersistedDraft(nan)?.draft.serviceId));
  for (const bad of [undefined, null, 'x', { ...persisted, version: 2 }, { ...persisted, serverId: 1 }, { ...persisted, draft: { ...persisted.draft, scopes: [1] } }]) {
    assert.equal(parsePersistedDraft(bad), undefined, JSON.stringify(bad));
  }
});

test('validation as you type uses the server rules, per field', () => {
  let state = run(fresh(), { type: 'setText', field: 'name', value: '' }).state;
  assert.equal(errorsOf(state).name, 'A name for the Client Credential is required.');
  assert.deepEqual(fieldMessageOf(state, 'name'), { text: 'A name for the Client Credential is required.', hint: undefined });
  assert.equal(canSave(state), false);
  state = run(state, { type: 'setText', field: 'grantType', value: 'single_sign_on' }).state;
  assert.equal(errorsOf(state).name, undefined, 'single sign-on needs no name');
  assert.equal(errorsOf(state).serviceId, 'A service ID is required for the single sign-on grant type.');
  state = run(state, { type: 'setServiceId', text: '12' }).state;
  assert.deepEqual(errorsOf(state), {});
  assert.equal(canSave(state), true);
  assert.deepEqual(changedFieldsOf(state), ['name', 'grantType', 'serviceId']);
});

test('the service ID field: empty is 0 (none); anything not a whole number is flagged', () => {
  assert.equal(parseServiceId(''), 0);
  assert.equal(parseServiceId('  '), 0);
  assert.equal(parseServiceId('42'), 42);
  for (const text of ['1.5', '-1', 'abc']) {
    const state = run(fresh(), { type: 'setServiceId', text }).state;
    assert.equal(errorsOf(state).serviceId, 'The service ID must be a whole number (0 for none).', text);
  }
});

test('scopes: tick, untick, add typed ones; order does not count as a change', () => {
  let state = run(fresh(), { type: 'toggleScope', scope: 'clientarea:sso', selected: false }, { type: 'toggleScope', scope: 'clientarea:sso', selected: true }).state;
  assert.deepEqual(state.draft.scopes, ['openid', 'clientarea:sso']);
  assert.deepEqual(changedFieldsOf(state), [], 'same set of scopes');
  assert.equal(canSave(state), false);
  state = run(state, { type: 'addScopes', text: ' custom:a, custom:b openid ' }).state;
  assert.deepEqual(state.draft.scopes, ['openid', 'clientarea:sso', 'custom:a', 'custom:b']);
  state = run(state, { type: 'toggleScope', scope: 'custom:a', selected: false }).state;
  assert.deepEqual(state.draft.scopes, ['openid', 'clientarea:sso', 'custom:b']);
  assert.deepEqual(scopeOptionsOf(state), ['clientarea:sso', 'openid', 'email', 'custom:b', 'custom:a'], 'an unticked typed scope stays a choice');
  state = run(state, { type: 'addScopes', text: 'bad!scope' }).state;
  assert.equal(errorsOf(state).scopes, 'The requested scope "bad!scope" is invalid.');
  assert.equal(run(state, { type: 'addScopes', text: '  ' }).state, state, 'nothing typed: nothing changes');
});

test('redirect URIs: add, edit, remove and move; the save carries the new order', () => {
  const { state, sent } = run(
    fresh(),
    { type: 'addRedirectUri', uri: '  https://d.example/cb ' },
    { type: 'addRedirectUri', uri: '   ' },
    { type: 'editRedirectUri', index: 1, uri: 'https://b.example/callback' },
    { type: 'removeRedirectUri', index: 0 },
    { type: 'moveRedirectUri', index: 2, offset: -1 },
    { type: 'moveRedirectUri', index: 0, offset: -1 },
    { type: 'moveRedirectUri', index: 2, offset: 1 },
    { type: 'removeRedirectUri', index: 9 },
    { type: 'save' },
  );
  const wanted = ['https://b.example/callback', 'https://d.example/cb', 'https://c.example/cb'];
  assert.deepEqual(state.draft.redirectUris, wanted);
  assert.deepEqual(sent, [{ type: 'save', credentialId: 7, baseUpdatedAt: 'u1', changes: { redirectUris: wanted }, resetSecret: false, overwrite: false }]);
});

test('saving locks the form until the host answers; Cancel is sent once', () => {
  let { state } = run(fresh(), { type: 'setText', field: 'name', value: 'New' }, { type: 'save' });
  assert.equal(isLocked(state), true);
  assert.deepEqual(state.activity, { kind: 'saving', phase: 'starting', cancelRequested: false });
  assert.equal(run(state, { type: 'setText', field: 'name', value: 'Ignored' }).state.draft.name, 'New');
  assert.equal(run(state, { type: 'revert' }).state.draft.name, 'New');
  assert.deepEqual(run(state, { type: 'save' }).sent, [], 'no second save while saving');
  state = receive(state, { type: 'saving', phase: 'verifying' });
  assert.deepEqual(state.activity, { kind: 'saving', phase: 'verifying', cancelRequested: false });
  const cancelled = run(state, { type: 'cancelSave' }, { type: 'cancelSave' });
  assert.deepEqual(cancelled.sent, [{ type: 'cancelSave' }]);
  state = receive(cancelled.state, { type: 'saveCancelled' });
  assert.equal(isLocked(state), false);
  assert.equal(state.banner?.kind, 'cancelled');
  assert.equal(state.draft.name, 'New');
});

test('a secret reset needs a confirming second press; Enter never confirms; an edit or Back leaves the step', () => {
  let { state, sent } = run(fresh(), { type: 'setResetSecret', on: true });
  assert.equal(canSave(state), true, 'a reset alone is a change');
  ({ state, sent } = run(state, { type: 'save' }, { type: 'saveShortcut' }));
  assert.deepEqual(sent, []);
  assert.equal(state.activity.kind, 'confirmingReset');
  assert.equal(run(state, { type: 'cancelConfirm' }).state.activity.kind, 'editing');
  assert.equal(run(state, { type: 'setText', field: 'name', value: 'x' }).state.activity.kind, 'editing');
  ({ sent } = run(state, { type: 'save' }));
  assert.deepEqual(sent, [{ type: 'save', credentialId: 7, baseUpdatedAt: 'u1', changes: {}, resetSecret: true, overwrite: false }]);
  // Enter starts the confirmation when reset is ticked, like the button.
  assert.equal(run(fresh(), { type: 'setResetSecret', on: true }, { type: 'saveShortcut' }).state.activity.kind, 'confirmingReset');
});

test('saved: the returned credential becomes the loaded one; the banner has what to apply again', () => {
  let { state } = run(fresh(), { type: 'addScopes', text: 'email custom:x' }, { type: 'addRedirectUri', uri: 'https://d.example/cb' }, { type: 'save' });
  const stored = { ...credential, scopes: ['clientarea:sso', 'openid', 'email'], updatedAt: 'u2' };
  state = receive(state, {
    type: 'saved',
    credential: stored,
    sentFields: ['scopes', 'redirectUris'],
    secretReset: { storeDescription: 'the OS keychain' },
    differences: [
      { field: 'scopes', missing: ['custom:x'], extra: [] },
      { field: 'redirectUris', missing: ['https://d.example/cb'], extra: [] },
    ],
  });
  assert.equal(state.loaded, stored);
  assert.deepEqual(state.draft.scopes, stored.scopes);
  assert.deepEqual(changedFieldsOf(state), []);
  assert.equal(isLocked(state), false);
  assert.ok(state.banner?.kind === 'saved');
  assert.deepEqual(state.banner.wanted, {
    scopes: ['clientarea:sso', 'openid', 'email', 'custom:x'],
    redirectUris: [...credential.redirectUris, 'https://d.example/cb'],
  });
  const copy = run(state, { type: 'copySecret' });
  assert.deepEqual(copy.sent, [{ type: 'copySecret', credentialId: 7 }]);
  assert.equal(receive(copy.state, { type: 'secretCopied' }).secretCopied, true);
  const apply = run(state, { type: 'applyAgainSafely' });
  assert.deepEqual(apply.sent, [{ type: 'applyAgainSafely', credentialId: 7, lists: state.banner.wanted }]);
  assert.equal(isLocked(apply.state), true);
  assert.deepEqual(run(apply.state, { type: 'applyAgainSafely' }).sent, [], 'not twice while it runs');
});

test('saved without a stored secret offers no copy; without a save of its own, wanted lists are rebuilt', () => {
  const state = receive(fresh(), {
    type: 'saved',
    credential: { ...credential, redirectUris: ['https://a.example/cb', 'https://x.example/cb'] },
    sentFields: ['redirectUris'],
    secretReset: { storeDescription: undefined },
    differences: [{ field: 'redirectUris', missing: ['https://d.example/cb'], extra: ['https://x.example/cb'] }],
  });
  assert.deepEqual(run(state, { type: 'copySecret' }).sent, []);
  assert.ok(state.banner?.kind === 'saved');
  assert.deepEqual(state.banner.wanted, { redirectUris: ['https://a.example/cb', 'https://d.example/cb'] });
});

test('saveFailed: a field error is shown on the field until it is edited; others go to the banner', () => {
  let { state } = run(fresh(), { type: 'addScopes', text: 'custom:x' }, { type: 'save' });
  state = receive(state, { type: 'saveFailed', message: 'The requested scope "custom:x" is invalid.', hint: 'Correct the scopes and try again.', field: 'scope', notApplied: true });
  assert.deepEqual(fieldMessageOf(state, 'scopes'), { text: 'The requested scope "custom:x" is invalid.', hint: 'Correct the scopes and try again.' });
  assert.equal(state.banner, undefined);
  assert.equal(state.notice, 'Not saved: see the message under Scopes.');
  assert.equal(isLocked(state), false);
  assert.equal(run(state, { type: 'setText', field: 'name', value: 'other' }).state.serverFieldError?.field, 'scopes', 'another field keeps it');
  assert.equal(run(state, { type: 'toggleScope', scope: 'custom:x', selected: false }).state.serverFieldError, undefined);

  state = receive(state, { type: 'saveFailed', message: 'Authentication Failed', hint: 'Check the secret.', field: 'credentialId', notApplied: false });
  assert.deepEqual(state.banner, { kind: 'failed', message: 'Authentication Failed', hint: 'Check the secret.', notApplied: false });
  assert.equal(state.serverFieldError, undefined);
});

test('stale: Overwrite repeats the save forced; Reload asks for a reload', () => {
  const saved = run(fresh(), { type: 'setText', field: 'logoUri', value: 'https://x.example/l.png' }, { type: 'save' });
  let state = saved.state;
  assert.deepEqual(run(state, { type: 'overwrite' }).sent, [], 'only after a stale answer');
  state = receive(state, { type: 'stale', changedFields: ['name'], current: { ...credential, name: 'Other', updatedAt: 'u2' } });
  assert.deepEqual(state.banner, { kind: 'stale', changedFields: ['name'] });
  const overwrite = run(state, { type: 'overwrite' });
  assert.deepEqual(overwrite.sent, [{ ...(saved.sent[0] as object), overwrite: true }]);
  assert.deepEqual(run(state, { type: 'reload' }).sent, [{ type: 'reload' }]);
});

test('Test Sign-In: offered for an authorization_code credential as loaded; keeps the draft; not while saving', () => {
  const edited = run(fresh(), { type: 'setText', field: 'name', value: 'Edited' }, { type: 'setText', field: 'grantType', value: 'single_sign_on' });
  assert.equal(offersTestSignIn(edited.state), true, 'the loaded grant type counts, not the edited one');
  const test = run(edited.state, { type: 'testSignIn' });
  assert.deepEqual(test.sent, [{ type: 'testSignIn', credentialId: 7 }]);
  assert.equal(test.state, edited.state, 'the draft and everything else stay as they were');

  const saving = run(edited.state, { type: 'setText', field: 'grantType', value: 'authorization_code' }, { type: 'save' });
  assert.equal(isLocked(saving.state), true);
  assert.equal(canTestSignIn(saving.state), false);
  assert.deepEqual(run(saving.state, { type: 'testSignIn' }).sent, [], 'not while saving');

  const sso = initialState(loadMessage({ grantType: 'single_sign_on' }), undefined);
  assert.equal(offersTestSignIn(sso), false);
  assert.deepEqual(run(sso, { type: 'testSignIn' }).sent, [], 'a single sign-on credential has no sign-in to test');
});

test('Revert restores the loaded values and unticks the reset', () => {
  const { state } = run(fresh(), { type: 'setText', field: 'name', value: 'x' }, { type: 'setResetSecret', on: true }, { type: 'removeRedirectUri', index: 0 }, { type: 'revert' });
  assert.deepEqual(state.draft, initialState(loadMessage(), undefined).draft);
  assert.equal(state.resetSecret, false);
  assert.equal(state.notice, 'Reverted to the loaded values.');
  assert.equal(run(fresh(), { type: 'revert' }).state.notice, undefined, 'nothing to revert: nothing said');
});

test('an unknown grant type of the credential stays a choice (and is flagged)', () => {
  const state = initialState(loadMessage({ grantType: 'client_credentials' }), undefined);
  assert.deepEqual(grantTypeOptionsOf(state), ['authorization_code', 'single_sign_on', 'client_credentials']);
  assert.equal(errorsOf(state).grantType, 'The requested grant type "client_credentials" is invalid.');
});

test('keys: Enter saves from a single-line field or with Ctrl/Cmd; Escape leaves the confirmation, else reverts', () => {
  const key = (overrides: Partial<KeyInput>): KeyInput => ({ key: 'Enter', ctrlOrMeta: false, shiftOrAlt: false, composing: false, defaultPrevented: false, target: 'singleLine', ...overrides });
  const editing = fresh();
  assert.deepEqual(keyAction(key({}), editing), { type: 'saveShortcut' });
  assert.equal(keyAction(key({ target: 'multiLine' }), editing), undefined, 'Enter is a new line in the description');
  assert.deepEqual(keyAction(key({ target: 'multiLine', ctrlOrMeta: true }), editing), { type: 'saveShortcut' });
  assert.equal(keyAction(key({ target: 'other' }), editing), undefined, 'Enter on a button presses the button');
  assert.equal(keyAction(key({ target: 'other', ctrlOrMeta: true }), editing), undefined, 'also with Ctrl');
  assert.equal(keyAction(key({ defaultPrevented: true }), editing), undefined, 'the add fields use their Enter');
  assert.equal(keyAction(key({ composing: true }), editing), undefined);
  assert.equal(keyAction(key({ shiftOrAlt: true }), editing), undefined);
  assert.deepEqual(keyAction(key({ key: 'Escape' }), editing), { type: 'revert' });
  const confirming = run(editing, { type: 'setResetSecret', on: true }, { type: 'save' }).state;
  assert.deepEqual(keyAction(key({ key: 'Escape', target: 'other' }), confirming), { type: 'cancelConfirm' });
  const saving = run(editing, { type: 'setText', field: 'name', value: 'x' }, { type: 'save' }).state;
  assert.equal(keyAction(key({ key: 'Escape' }), saving), undefined, 'no revert while saving');
});

test('host messages are checked before use', () => {
  const load: HostMessage = loadMessage();
  assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify(load))), load);
  assert.equal(parseHostMessage({ ...load, credential: { ...credential, scopes: 'openid' } }), undefined);
  assert.equal(parseHostMessage({ ...load, serverId: 3 }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'saving', phase: 'sending' }), { type: 'saving', phase: 'sending' });
  assert.equal(parseHostMessage({ type: 'saving', phase: 'dancing' }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'saveFailed', message: 'm', hint: 'h', field: 'scope', notApplied: true }), {
    type: 'saveFailed',
    message: 'm',
    hint: 'h',
    field: 'scope',
    notApplied: true,
  });
  assert.equal(parseHostMessage({ type: 'saveFailed', message: 'm', hint: 'h', field: 'password', notApplied: true }), undefined);
  const saved = { type: 'saved', credential, sentFields: ['name'], differences: [{ field: 'scopes', missing: ['a'], extra: [] }] };
  assert.deepEqual(parseHostMessage(saved), saved);
  assert.deepEqual(parseHostMessage({ ...saved, secretReset: {} }), { ...saved, secretReset: { storeDescription: undefined } });
  assert.equal(parseHostMessage({ ...saved, sentFields: ['secret'] }), undefined);
  assert.equal(parseHostMessage({ ...saved, differences: [{ field: 'name', missing: [], extra: [] }] }), undefined);
  for (const bad of [null, 'load', [], { type: 'unknown' }, { type: 'stale', changedFields: ['name'] }]) assert.equal(parseHostMessage(bad), undefined);
});

test('a credential changed elsewhere: a form without edits reloads, one with edits keeps them and is told', () => {
  const changed = { ...credential, name: 'Renamed elsewhere', updatedAt: 'u2' };
  const clean = changedElsewhere(fresh(), changed);
  assert.deepEqual(clean.send, { type: 'reload' }, 'no edits: the form asks for the new version');
  let edited = reduce(fresh(), { type: 'setText', field: 'description', value: 'My edit' }).state;
  const told = changedElsewhere(edited, changed);
  assert.equal(told.send, undefined, 'edits are never replaced');
  assert.equal(told.state.draft.description, 'My edit');
  assert.deepEqual(told.state.banner, { kind: 'stale', changedFields: ['name'] });
  assert.deepEqual(changedElsewhere(edited, { ...credential }).state, edited, 'the version it shows: nothing to do');
  edited = reduce(edited, { type: 'save' }).state;
  assert.equal(changedElsewhere(edited, changed).state, edited, 'during a save its own answer brings the new version');
});
