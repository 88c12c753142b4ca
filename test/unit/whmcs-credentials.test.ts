import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedFields, listDifference, sameCredential } from '../../src/core/whmcs/credentialDiff';
import { normaliseCredential, toInt } from '../../src/core/whmcs/normalise';
import { editableFieldsOf, type CredentialFields, type OAuthCredential } from '../../src/core/whmcs/types';
import { parseScopes, validateCredentialFields } from '../../src/core/whmcs/validation';

const entry = {
  credentialId: '7',
  name: 'Tom &amp; Jerry&#039;s',
  description: '&lt;b&gt;',
  grantTypes: 'authorization_code',
  scope: 'clientarea:sso  openid',
  clientIdentifier: 'ACME.abc',
  clientSecret: 'SECRET-MUST-NOT-BE-COPIED',
  uuid: null,
  serviceId: '0',
  logoUri: 'https://x/logo.png?a=1&amp;b=2',
  redirectUri: ['https://a/cb', 'https://b/cb'],
  rsaKeyPairId: 3,
  createdAt: '18th November 2016 9:32:24am',
  updatedAt: '18th November 2016 9:32:24am',
};

test('normalise decodes text, converts numbers and drops the client secret', () => {
  const credential = normaliseCredential(entry);
  assert.equal(credential.credentialId, 7);
  assert.equal(credential.name, "Tom & Jerry's");
  assert.equal(credential.description, '<b>');
  assert.deepEqual(credential.scopes, ['clientarea:sso', 'openid']);
  assert.equal(credential.grantType, 'authorization_code');
  assert.equal(credential.logoUri, 'https://x/logo.png?a=1&b=2');
  assert.deepEqual(credential.redirectUris, ['https://a/cb', 'https://b/cb']);
  assert.ok(!JSON.stringify(credential).includes('SECRET-MUST-NOT-BE-COPIED'));
});

test('redirect URIs as a space-separated string or an object', () => {
  assert.deepEqual(normaliseCredential({ ...entry, redirectUri: 'https://a https://b' }).redirectUris, ['https://a', 'https://b']);
  assert.deepEqual(normaliseCredential({ ...entry, redirectUri: { 0: 'https://a' } }).redirectUris, ['https://a']);
  assert.deepEqual(normaliseCredential({ ...entry, redirectUri: [] }).redirectUris, []);
});

test('toInt casts like PHP', () => {
  assert.equal(toInt('12abc'), 12);
  assert.equal(toInt('abc'), 0);
  assert.equal(toInt(5.9), 5);
  assert.equal(toInt(null), 0);
});

const base: CredentialFields = editableFieldsOf(normaliseCredential(entry));

test('only changed fields are sent; scope order does not count, redirect order does', () => {
  assert.deepEqual(changedFields(base, { name: base.name, scopes: ['openid', 'clientarea:sso'] }), []);
  assert.deepEqual(changedFields(base, { redirectUris: ['https://b/cb', 'https://a/cb'] }), ['redirectUris']);
  assert.deepEqual(changedFields(base, { description: '', serviceId: 4 }), ['description', 'serviceId']);
});

test('list differences', () => {
  assert.deepEqual(listDifference(['b', 'c'], ['b']), { missing: ['c'], extra: [] });
  assert.deepEqual(listDifference(['b'], ['a', 'b']), { missing: [], extra: ['a'] });
});

test('validation mirrors the server rules and messages, in its order', () => {
  const problems = (fields: Partial<CredentialFields>) =>
    validateCredentialFields({ ...base, ...fields }).map((p) => `${p.field}: ${p.message}`);
  assert.deepEqual(problems({}), []);
  assert.deepEqual(problems({ grantType: 'password' }), ['grantType: The requested grant type "password" is invalid.']);
  assert.deepEqual(problems({ grantType: '' }), ['grantType: A valid grant type is required.']);
  assert.deepEqual(problems({ name: ' ' }), ['name: A name for the Client Credential is required.']);
  assert.deepEqual(problems({ name: '', grantType: 'single_sign_on', serviceId: 0 }), [
    'serviceId: A service ID is required for the single sign-on grant type.',
  ]);
  assert.deepEqual(problems({ scopes: [] }), ['scope: At least one valid scope is required.']);
  assert.deepEqual(problems({ scopes: ['openid', 'bad scope!'] }), ['scope: The requested scope "bad scope!" is invalid.']);
  assert.deepEqual(problems({ scopes: ['custom:unknown'] }), [], 'unknown but well-formed scopes are for the server to judge');
  assert.deepEqual(problems({ serviceId: -1 }), ['serviceId: The service ID must be a whole number (0 for none).']);
  assert.match(problems({ redirectUris: ['no-scheme'] })[0] ?? '', /^redirectUri: .*absolute URI/);
  assert.match(problems({ redirectUris: ['https://a', 'https://a'] })[0] ?? '', /listed twice/);
  assert.deepEqual(problems({ redirectUris: ['com.example.app:/cb'] }), []);
});

test('parseScopes accepts spaces, commas and new lines', () => {
  assert.deepEqual(parseScopes(' openid, email\nprofile '), ['openid', 'email', 'profile']);
});

test('sameCredential: equal copies are the same; a change in any one field, or in list order, is not', () => {
  const credential = normaliseCredential({ ...entry, grantTypes: 'authorization_code single_sign_on' });
  const copy = JSON.parse(JSON.stringify(credential)) as OAuthCredential;
  assert.ok(sameCredential(credential, copy));
  for (const [field, value] of Object.entries(copy)) {
    const changed = Array.isArray(value)
      ? [[...value, 'extra'], [...value].reverse(), value.slice(1)]
      : [typeof value === 'number' ? value + 1 : `${String(value)}x`];
    for (const other of changed) {
      assert.ok(!sameCredential(credential, { ...copy, [field]: other }), `${field}: ${JSON.stringify(other)}`);
    }
  }
  assert.equal(Object.keys(copy).length, 13, 'every field of OAuthCredential is tried');
});
