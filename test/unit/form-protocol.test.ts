import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LIST_ITEMS, MAX_TEXT_LENGTH, parseFormMessage } from '../../src/shared/protocol';
import { changesOf, formFieldOf, validateDraft } from '../../src/shared/formModel';
import type { FormFields } from '../../src/shared/protocol';

const save = {
  type: 'save',
  credentialId: 7,
  baseUpdatedAt: '1st January 2026 1:00:00am',
  changes: { name: 'New', redirectUris: ['https://a/cb'] },
  resetSecret: false,
  overwrite: false,
};

test('valid messages pass with exactly their fields', () => {
  assert.deepEqual(parseFormMessage({ type: 'ready' }, 7), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(parseFormMessage(save, 7), { ok: true, message: save });
  assert.deepEqual(parseFormMessage({ type: 'applyAgainSafely', credentialId: 7, lists: { scopes: ['openid'] } }, 7), {
    ok: true,
    message: { type: 'applyAgainSafely', credentialId: 7, lists: { scopes: ['openid'] } },
  });
  assert.deepEqual(parseFormMessage({ type: 'testSignIn', credentialId: 7 }, 7), { ok: true, message: { type: 'testSignIn', credentialId: 7 } });
});

test('hostile messages are rejected with a reason that carries no value', () => {
  const secretish = 'SECRET-VALUE-123';
  const cases: Array<[unknown, RegExp]> = [
    [null, /not an object/],
    ['ready', /not an object/],
    [{ type: 'launchMissiles' }, /unknown message type/],
    [{}, /no message type/],
    [{ type: 'ready', extra: secretish }, /unexpected field/],
    [{ ...save, credentialId: 8 }, /another credential/],
    [{ ...save, credentialId: '7' }, /another credential/],
    [{ ...save, resetSecret: 'yes' }, /resetSecret/],
    [{ ...save, changes: { name: 5 } }, /changes\.name/],
    [{ ...save, changes: { name: 'x'.repeat(MAX_TEXT_LENGTH + 1) } }, /changes\.name/],
    [{ ...save, changes: { clientSecret: secretish } }, /unexpected field/],
    [{ ...save, changes: { serviceId: -1 } }, /serviceId/],
    [{ ...save, changes: { serviceId: 1.5 } }, /serviceId/],
    [{ ...save, changes: { scopes: Array(MAX_LIST_ITEMS + 1).fill('a') } }, /scopes/],
    [{ ...save, changes: { redirectUris: [1] } }, /redirectUris/],
    [{ type: 'save', credentialId: 7 }, /missing baseUpdatedAt/],
    [{ type: 'copySecret', credentialId: 7, secret: secretish }, /unexpected field/],
    [{ type: 'applyAgainSafely', credentialId: 7, lists: { name: 'x' } }, /unexpected field/],
    [{ type: 'testSignIn' }, /missing credentialId/],
    [{ type: 'testSignIn', credentialId: 8 }, /another credential/],
    [{ type: 'testSignIn', credentialId: '7' }, /another credential/],
    [{ type: 'testSignIn', credentialId: 7, serverId: 'other-server' }, /unexpected field/],
    [{ type: 'testSignIn', credentialId: 7, clientSecret: secretish }, /unexpected field/],
  ];
  for (const [message, reason] of cases) {
    const result = parseFormMessage(message, 7);
    assert.equal(result.ok, false, JSON.stringify(message)?.slice(0, 80));
    if (!result.ok) {
      assert.match(result.reason, reason);
      assert.ok(!result.reason.includes(secretish));
    }
  }
});

const loaded: FormFields = {
  name: 'App',
  description: '',
  grantType: 'authorization_code',
  scopes: ['openid', 'email'],
  serviceId: 0,
  logoUri: '',
  redirectUris: ['https://a/cb'],
};

test('changesOf carries only what differs', () => {
  assert.deepEqual(changesOf(loaded, { ...loaded, scopes: ['email', 'openid'] }), {});
  assert.deepEqual(changesOf(loaded, { ...loaded, name: 'B', redirectUris: ['https://b/cb', 'https://a/cb'] }), {
    name: 'B',
    redirectUris: ['https://b/cb', 'https://a/cb'],
  });
});

test('draft validation is keyed by form field with the server\'s messages', () => {
  assert.deepEqual(validateDraft(loaded), {});
  assert.deepEqual(validateDraft({ ...loaded, name: '' }), { name: 'A name for the Client Credential is required.' });
  assert.deepEqual(validateDraft({ ...loaded, grantType: 'single_sign_on', serviceId: 0 }), {
    serviceId: 'A service ID is required for the single sign-on grant type.',
  });
  assert.deepEqual(Object.keys(validateDraft({ ...loaded, scopes: ['bad scope'] })), ['scopes']);
  assert.equal(formFieldOf({ field: 'redirectUri' }), 'redirectUris');
  assert.equal(formFieldOf({ field: 'credentialId' }), undefined);
});

test('draft validation stops what the host would refuse as too long, on its field, before sending', () => {
  const atLimit = 'x'.repeat(MAX_TEXT_LENGTH);
  assert.deepEqual(validateDraft({ ...loaded, description: atLimit }), {});
  assert.deepEqual(validateDraft({ ...loaded, description: `${atLimit}x` }), { description: 'At most 65,535 characters.' });
  assert.deepEqual(Object.keys(validateDraft({ ...loaded, redirectUris: [`https://a/${atLimit}`] })), ['redirectUris']);
  assert.deepEqual(Object.keys(validateDraft({ ...loaded, redirectUris: Array.from({ length: MAX_LIST_ITEMS + 1 }, (_, i) => `https://a/${i}`) })), ['redirectUris']);
  // What passes the draft validation passes the protocol.
  const ok = parseFormMessage({ type: 'save', credentialId: 1, baseUpdatedAt: 'x', changes: { description: atLimit }, resetSecret: false, overwrite: false }, 1);
  assert.equal(ok.ok, true);
});
