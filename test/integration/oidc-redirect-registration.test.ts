// addRedirectUri / removeRedirectUri against the sandbox with the WHMCS 8.7 merge defect on: each
// is one update that only adds or only removes, never carries resetSecret, and is read back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../../sandbox';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';
import { addRedirectUri, removeRedirectUri } from '../../src/core/oidc/redirectRegistration';

let sb: Sandbox;
let client: WhmcsClient;
let api: OAuthCredentialsApi;
const LOOPBACK = 'http://127.0.0.1:53682/whmcs-oauth/callback';

before(async () => {
  sb = await createSandbox({ seed: false, mergeDefect: true });
  client = new WhmcsClient({ baseUrl: sb.url, auth: { kind: 'apiCredential', ...sb.apiCredential } });
  api = new OAuthCredentialsApi(client);
});
after(async () => {
  await client.close();
  await sb.close();
});

test('added at the end, removed again: the other URIs and the secret are untouched', async () => {
  const stored = sb.state.addCredential({ name: 'Reg', grantTypes: 'authorization_code', scope: 'openid', redirectUri: ['https://a.example/cb', 'https://b.example/cb'] });
  const credential = await api.get(stored.credentialId);
  sb.resetStats();
  const added = await addRedirectUri(api, credential, LOOPBACK);
  assert.equal(added.changed, true);
  assert.deepEqual(sb.state.getCredential(stored.credentialId)?.redirectUri, ['https://a.example/cb', 'https://b.example/cb', LOOPBACK]);
  const removed = await removeRedirectUri(api, stored.credentialId, LOOPBACK);
  assert.equal(removed.changed, true);
  assert.deepEqual(sb.state.getCredential(stored.credentialId)?.redirectUri, ['https://a.example/cb', 'https://b.example/cb']);
  assert.equal(sb.state.getCredential(stored.credentialId)?.clientSecret, stored.clientSecret, 'the secret was reset');
  const updates = sb.requests().filter((r) => r.action === 'updateoauthcredential');
  assert.equal(updates.length, 2);
  assert.ok(updates.every((r) => !r.params.includes('resetSecret')), 'resetSecret was sent');
});

test('removal reads the list as the server holds it now: a URI added meanwhile stays', async () => {
  const stored = sb.state.addCredential({ name: 'Reg2', grantTypes: 'authorization_code', scope: 'openid', redirectUri: ['https://a.example/cb'] });
  await addRedirectUri(api, await api.get(stored.credentialId), LOOPBACK);
  const record = sb.state.getCredential(stored.credentialId);
  assert.ok(record);
  sb.state.addCredential({ ...record, redirectUri: [...record.redirectUri, 'https://c.example/cb'] });
  await removeRedirectUri(api, stored.credentialId, LOOPBACK);
  assert.deepEqual(sb.state.getCredential(stored.credentialId)?.redirectUri, ['https://a.example/cb', 'https://c.example/cb']);
});

test('nothing to do: no update sent', async () => {
  const stored = sb.state.addCredential({ name: 'Reg3', grantTypes: 'authorization_code', scope: 'openid', redirectUri: [LOOPBACK] });
  sb.resetStats();
  assert.equal((await addRedirectUri(api, await api.get(stored.credentialId), LOOPBACK)).changed, false);
  assert.equal((await removeRedirectUri(api, stored.credentialId, 'https://never.example/cb')).changed, false);
  assert.equal(sb.requests().filter((r) => r.action === 'updateoauthcredential').length, 0);
});

test('adding reads the list as the server holds it now: a URI added since the credential was read stays', async () => {
  const stored = sb.state.addCredential({ name: 'Reg4', grantTypes: 'authorization_code', scope: 'openid', redirectUri: ['https://a.example/cb'] });
  const credential = await api.get(stored.credentialId);
  const record = sb.state.getCredential(stored.credentialId);
  assert.ok(record);
  sb.state.addCredential({ ...record, redirectUri: ['https://z.example/cb', 'https://a.example/cb'] });
  const added = await addRedirectUri(api, credential, LOOPBACK);
  assert.deepEqual(added.credential.redirectUris, ['https://z.example/cb', 'https://a.example/cb', LOOPBACK]);
});
