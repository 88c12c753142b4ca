// The fast paths of normalising a List answer (issue 15: 10,000 credentials) give what the slow
// paths gave for every shape the API doc lists: escaped and plain text, ints and numeric strings,
// redirect URIs as an array, an object or a space-separated string, scope and grant type lists
// split once per answer and shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeHtmlEntities } from '../../src/core/whmcs/htmlEntities';
import { normaliseClients, normaliseCredential, toInt } from '../../src/core/whmcs/normalise';
import type { OAuthCredential } from '../../src/core/whmcs/types';

/** What normalising means, written the slow and obvious way: the oracle for the fast paths. */
function reference(entry: Record<string, unknown>): OAuthCredential {
  const text = (value: unknown) => (typeof value === 'string' ? decodeHtmlEntities(value) : typeof value === 'number' ? String(value) : '');
  const words = (value: unknown) => text(value).split(/\s+/).filter((word) => word !== '');
  const list = (value: unknown) =>
    Array.isArray(value) || (value && typeof value === 'object') ? Object.values(value).map(text).filter((item) => item !== '') : words(value);
  const grantTypes = words(entry['grantTypes'] ?? entry['grantType']);
  return {
    credentialId: toInt(entry['credentialId']),
    name: text(entry['name']),
    description: text(entry['description']),
    grantType: grantTypes[0] ?? '',
    grantTypes,
    scopes: words(entry['scope']),
    clientIdentifier: text(entry['clientIdentifier']),
    serviceId: toInt(entry['serviceId']),
    logoUri: text(entry['logoUri']),
    redirectUris: list(entry['redirectUri']),
    rsaKeyPairId: toInt(entry['rsaKeyPairId']),
    createdAt: text(entry['createdAt']),
    updatedAt: text(entry['updatedAt']),
  };
}

const entry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  credentialId: 1,
  name: 'Plain name',
  description: '',
  grantTypes: 'authorization_code',
  scope: 'openid email',
  clientIdentifier: 'WHMCS.abc',
  clientSecret: 'SECRET-MUST-NOT-BE-COPIED',
  uuid: null,
  serviceId: 0,
  logoUri: '',
  redirectUri: ['https://a/cb'],
  rsaKeyPairId: 1,
  createdAt: '1st January 2018 1:00:00am',
  updatedAt: '2nd January 2018 1:00:00am',
  ...overrides,
});

test('text with no entity is kept as it is; text with one is decoded, in every text field', () => {
  for (const field of ['name', 'description', 'clientIdentifier', 'logoUri', 'createdAt', 'updatedAt'] as const) {
    const plain = normaliseCredential(entry({ [field]: 'a < b' }));
    assert.equal(plain[field], 'a < b', field);
    const escaped = normaliseCredential(entry({ [field]: 'Tom &amp; Jerry&#039;s &lt;b&gt; &quot;x&quot;' }));
    assert.equal(escaped[field], 'Tom & Jerry\'s <b> "x"', field);
    assert.equal(normaliseCredential(entry({ [field]: 'a &amp;amp; b' }))[field], 'a &amp; b', `${field}: decoded once`);
    assert.equal(normaliseCredential(entry({ [field]: 7 }))[field], '7', `${field}: a number`);
    assert.equal(normaliseCredential(entry({ [field]: null }))[field], '', `${field}: null`);
  }
});

test('IDs as ints or numeric strings (the reference shows "1"), fractions truncated', () => {
  const credential = normaliseCredential(entry({ credentialId: '12', serviceId: ' 3', rsaKeyPairId: 4.9 }));
  assert.deepEqual([credential.credentialId, credential.serviceId, credential.rsaKeyPairId], [12, 3, 4]);
  assert.equal(normaliseCredential(entry({ credentialId: 2 ** 40 })).credentialId, 2 ** 40);
  assert.equal(normaliseCredential(entry({ serviceId: Number.NaN })).serviceId, 0);
});

test('a redirect URI array of plain strings is kept; entities, empty items and non-strings take the slow path', () => {
  const plain = ['https://a/cb', 'https://b/cb'];
  assert.equal(normaliseCredential(entry({ redirectUri: plain })).redirectUris, plain, 'kept, not copied: 10,000 copies add up');
  assert.deepEqual(normaliseCredential(entry({ redirectUri: ['https://a/cb', 'http://localhost:3/cb'] })).redirectUris, ['https://a/cb', 'http://localhost:3/cb']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: ['https://a/cb?x=1&amp;y=2', 'https://b/cb'] })).redirectUris, ['https://a/cb?x=1&y=2', 'https://b/cb']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: ['https://b/cb', 'https://a/cb?x=1&amp;y=2'] })).redirectUris, ['https://b/cb', 'https://a/cb?x=1&y=2']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: ['https://a/cb', ''] })).redirectUris, ['https://a/cb']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: ['', 'https://a/cb'] })).redirectUris, ['https://a/cb']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: [5, 'https://a/cb', null] })).redirectUris, ['5', 'https://a/cb']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: { 0: 'https://a', 1: 'https://b&amp;c' } })).redirectUris, ['https://a', 'https://b&c']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: 'https://a  https://b\thttps://c&amp;d' })).redirectUris, ['https://a', 'https://b', 'https://c&d']);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: '' })).redirectUris, []);
  assert.deepEqual(normaliseCredential(entry({ redirectUri: null })).redirectUris, []);
});

test('scope and grant type lists: single spaces, other white space, entities, numbers, the grantType key', () => {
  assert.deepEqual(normaliseCredential(entry({ scope: 'openid email profile' })).scopes, ['openid', 'email', 'profile']);
  assert.deepEqual(normaliseCredential(entry({ scope: ' openid\t email\n' })).scopes, ['openid', 'email']);
  assert.deepEqual(normaliseCredential(entry({ scope: 'a&amp;b c' })).scopes, ['a&b', 'c']);
  assert.deepEqual(normaliseCredential(entry({ scope: '' })).scopes, []);
  assert.deepEqual(normaliseCredential(entry({ scope: 5 })).scopes, ['5']);
  assert.deepEqual(normaliseCredential(entry({ scope: undefined })).scopes, []);
  const sso = normaliseCredential(entry({ grantTypes: undefined, grantType: 'single_sign_on' }));
  assert.deepEqual([sso.grantType, sso.grantTypes], ['single_sign_on', ['single_sign_on']]);
  const two = normaliseCredential(entry({ grantTypes: 'single_sign_on authorization_code' }));
  assert.deepEqual([two.grantType, two.grantTypes], ['single_sign_on', ['single_sign_on', 'authorization_code']]);
  assert.equal(normaliseCredential(entry({ grantTypes: '' })).grantType, '');
});

test('one answer: equal lists are split once and shared (frozen); neighbours with other lists get their own', () => {
  const scopes = ['openid email', 'email', 'openid email', 'openid email', 'clientarea:sso', 'email'];
  const credentials = normaliseClients({ result: 'success', clients: scopes.map((scope, i) => entry({ credentialId: i + 1, scope })) });
  assert.deepEqual(
    credentials.map((c) => c.scopes),
    scopes.map((scope) => scope.split(' ')),
  );
  assert.equal(credentials[0]?.scopes, credentials[2]?.scopes, 'shared after another list in between');
  assert.equal(credentials[2]?.scopes, credentials[3]?.scopes, 'shared with the neighbour');
  assert.equal(credentials[1]?.scopes, credentials[5]?.scopes);
  assert.ok(Object.isFrozen(credentials[0]?.scopes) && Object.isFrozen(credentials[0]?.grantTypes), 'a shared list cannot be changed through one credential');
  assert.equal(credentials[0]?.grantTypes, credentials[4]?.grantTypes);
});

test('more distinct lists than are kept are still split right, and neighbours still share theirs', () => {
  const clients = Array.from({ length: 1_200 }, (_, i) => entry({ credentialId: i, scope: `s${i >> 1} t${i % 7}` }));
  const credentials = normaliseClients({ result: 'success', clients });
  credentials.forEach((c, i) => assert.deepEqual(c.scopes, [`s${i >> 1}`, `t${i % 7}`]));
  const pair = normaliseClients({ clients: [...clients.slice(0, 1_100), entry({ scope: 'late one' }), entry({ scope: 'late one' })] }).slice(-2);
  assert.equal(pair[0]?.scopes, pair[1]?.scopes, 'a neighbour shares its list even when no more are kept');
});

test('the clients of an answer: an array or an object, anything but objects skipped, none at all', () => {
  const a = entry({ credentialId: 1 });
  const b = entry({ credentialId: '2' });
  assert.deepEqual(normaliseClients({ clients: [a, null, 'x', 3, b] }).map((c) => c.credentialId), [1, 2]);
  assert.deepEqual(normaliseClients({ clients: { first: a, second: b } }).map((c) => c.credentialId), [1, 2]);
  assert.deepEqual(normaliseClients({ clients: [] }), []);
  assert.deepEqual(normaliseClients({ result: 'success' }), []);
  assert.deepEqual(normaliseClients({ clients: 'none' }), []);
  assert.ok(!JSON.stringify(normaliseClients({ clients: [a] })).includes('SECRET-MUST-NOT-BE-COPIED'));
});

test('any answer: the same credentials as the slow and obvious way, whole or entry by entry', () => {
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a&amp;b', '&lt;x&gt;', '&#039;', 'openid email', ' a  b ', ''), fc.integer(), fc.constant(null));
  const list = fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), text, { maxKeys: 3 }));
  const anEntry = fc.record({
    credentialId: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })),
    name: text,
    description: text,
    logoUri: text,
    grantTypes: fc.constantFrom('authorization_code', 'single_sign_on', 'a b', '', undefined),
    scope: fc.oneof(fc.constantFrom('openid email', 'email', 'openid email'), text),
    redirectUri: list,
    serviceId: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })),
  });
  fc.assert(
    fc.property(fc.array(anEntry, { maxLength: 12 }), (entries) => {
      const answer = { result: 'success', clients: entries };
      const expected = entries.map(reference);
      assert.deepEqual(normaliseClients(answer), expected);
      assert.deepEqual(
        entries.map((item) => normaliseCredential(item)),
        expected,
      );
    }),
  );
});
