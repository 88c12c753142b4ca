// Load through one client: 50 concurrent updates of different credentials all succeed over a
// bounded number of sockets; two saves of one credential at once are serialised.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient, type CallEvent } from '../../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';

let box: Sandbox;
let api: OAuthCredentialsApi;
const calls: CallEvent[] = [];

before(async () => {
  box = await createSandbox({ seed: 60, latencyMs: 5 });
  api = new OAuthCredentialsApi(
    new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential }, onCall: (event) => calls.push(event) }),
  );
});

after(async () => {
  await api.client.close();
  await box.close();
});

test('50 concurrent updates of different credentials all succeed over one socket', async () => {
  const credentials = (await api.list()).slice(0, 50);
  assert.equal(credentials.length, 50);
  box.resetStats();
  const results = await Promise.allSettled(credentials.map((c, i) => api.update(c, { description: `load ${i}` })));
  assert.deepEqual(results.filter((r) => r.status === 'rejected'), []);
  credentials.forEach((c, i) => assert.equal(box.state.getCredential(c.credentialId)?.description, `load ${i}`));
  assert.ok(box.stats().connections <= 1, `${box.stats().connections} sockets for 50 updates`);
  assert.equal(box.stats().requests, 50);
});

test('two saves of the same credential at once are serialised, not interleaved', async () => {
  const [target] = await api.list();
  assert.ok(target);
  calls.length = 0;
  // Each save changes a list, so each is an update followed by its read-back.
  const [first, second] = await Promise.all([
    api.update(target, { redirectUris: ['https://one.example/cb'] }),
    api.update(target, { redirectUris: ['https://two.example/cb'] }),
  ]);
  assert.deepEqual(calls.map((c) => c.action), ['updateoauthcredential', 'listoauthcredentials', 'updateoauthcredential', 'listoauthcredentials']);
  assert.deepEqual(first.readBack?.redirectUris, ['https://one.example/cb']);
  assert.deepEqual(second.readBack?.redirectUris, ['https://two.example/cb']);
  assert.deepEqual(box.state.getCredential(target.credentialId)?.redirectUri, ['https://two.example/cb']);
});
