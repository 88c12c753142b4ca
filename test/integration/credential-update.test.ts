// OAuthCredentialsApi.update and resetSecret against the sandbox WHMCS: what they refuse before
// sending, that a cancel stops them at every step, and a reset answered without its secret. Run by
// `npm run mutation`, which found these paths untested (docs/mutation.md).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../../sandbox/index';
import { WhmcsClient, type CallEvent } from '../../src/core/whmcs/client';
import { ResetNotAppliedError, TransportError, UnexpectedResponseError, ValidationError } from '../../src/core/whmcs/errors';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';
import type { OAuthCredential } from '../../src/core/whmcs/types';

let box: Sandbox;
const clients: WhmcsClient[] = [];

before(async () => {
  box = await createSandbox();
});

after(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await box.close();
});

function apiFor(onCall?: (event: CallEvent) => void): OAuthCredentialsApi {
  const client = new WhmcsClient({ baseUrl: box.url, auth: { kind: 'apiCredential', ...box.apiCredential }, onCall });
  clients.push(client);
  return new OAuthCredentialsApi(client);
}

/** A fresh authorization-code credential, so that tests never see each other's changes. */
async function freshCredential(init: Parameters<Sandbox['state']['addCredential']>[0] = {}): Promise<OAuthCredential> {
  const stored = box.state.addCredential({ name: 'Update checks', redirectUri: ['https://app.example/cb'], ...init });
  return apiFor().get(stored.credentialId);
}

function actionsSent(): string[] {
  return box.requests().map((request) => request.action);
}

async function cancelled(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof TransportError && error.reason === 'cancelled');
}

describe('an update the server would refuse is refused before anything is sent', () => {
  const cases: Array<[string, Partial<Pick<OAuthCredential, 'name' | 'description' | 'redirectUris'>>, string]> = [
    ['an empty name', { name: '' }, 'name'],
    ['an empty name, with a description change beside it', { name: ' ', description: 'also changed' }, 'name'],
    ['a redirect URI without a scheme', { redirectUris: ['app.example/cb'] }, 'redirectUri'],
  ];
  for (const [name, change, field] of cases) {
    test(name, async () => {
      const current = await freshCredential();
      box.resetStats();
      await assert.rejects(apiFor().update(current, change), (error: unknown) => {
        assert.ok(error instanceof ValidationError, String(error));
        assert.equal(error.field, field);
        assert.equal(error.source, 'client');
        assert.equal(error.action, 'updateoauthcredential');
        return true;
      });
      assert.deepEqual(actionsSent(), []);
    });
  }

  test('a problem the server already holds in a field the change does not touch does not block it', async () => {
    // WHMCS itself stored a logo URI with a space (an older version did not check it).
    const current = await freshCredential({ logoUri: 'https://app.example/my logo.png' });
    const result = await apiFor().update(current, { name: 'Renamed' });
    assert.deepEqual(result, { credentialId: current.credentialId, sentFields: ['name'], differences: [] });
    assert.equal(box.state.getCredential(current.credentialId)?.name, 'Renamed');
  });
});

describe('a cancel stops an update or a reset at every step', () => {
  test('cancelled before it starts: nothing is sent, not even the read before a reset', async () => {
    const current = await freshCredential();
    const secret = box.state.getCredential(current.credentialId)?.clientSecret;
    box.resetStats();
    await cancelled(apiFor().update(current, { name: 'Never sent' }, { signal: AbortSignal.abort() }));
    await cancelled(apiFor().resetSecret(current, { signal: AbortSignal.abort() }));
    assert.deepEqual(actionsSent(), []);
    assert.ok(box.state.getCredential(current.credentialId)?.clientSecret === secret, 'the secret changed');
  });

  test('cancelled once the secret was fingerprinted: the reset is not sent', async () => {
    const current = await freshCredential();
    const secret = box.state.getCredential(current.credentialId)?.clientSecret;
    const controller = new AbortController();
    const api = apiFor((event) => {
      if (event.action === 'listoauthcredentials') controller.abort();
    });
    box.resetStats();
    // A cancelled request may have reached the server, so the reset is checked for, and found not made.
    await assert.rejects(api.resetSecret(current, { signal: controller.signal }), ResetNotAppliedError);
    assert.deepEqual(actionsSent(), ['listoauthcredentials', 'listoauthcredentials']);
    assert.ok(box.state.getCredential(current.credentialId)?.clientSecret === secret, 'the secret changed');
  });

  test('cancelled once a list change was sent: it is not read back', async () => {
    const current = await freshCredential();
    const controller = new AbortController();
    const api = apiFor((event) => {
      if (event.action === 'updateoauthcredential') controller.abort();
    });
    box.resetStats();
    await cancelled(api.update(current, { redirectUris: [...current.redirectUris, 'https://app.example/second'] }, { signal: controller.signal }));
    assert.deepEqual(actionsSent(), ['updateoauthcredential']);
  });
});

describe('a reset answered with success but no secret', () => {
  test('the reset happened: the new secret is read back from the server, not lost', async () => {
    const current = await freshCredential();
    const old = box.state.getCredential(current.credentialId)?.clientSecret;
    box.faults.inject({ kind: 'noNewSecret', action: 'updateoauthcredential', times: 1 });
    box.resetStats();
    const result = await apiFor().resetSecret(current);
    const now = box.state.getCredential(current.credentialId)?.clientSecret;
    assert.ok(now !== old, 'the sandbox did not reset');
    assert.ok(result.newClientSecret === now, 'not the secret the server holds');
    assert.equal(result.recoveredSecret, true);
    assert.deepEqual(actionsSent(), ['listoauthcredentials', 'updateoauthcredential', 'listoauthcredentials']);
  });

  test('the reset did not happen: an error that says so, and the old secret still works', async () => {
    const current = await freshCredential();
    const old = box.state.getCredential(current.credentialId)?.clientSecret;
    box.faults.inject({ kind: 'ignoreReset', action: 'updateoauthcredential', times: 1 });
    await assert.rejects(apiFor().resetSecret(current), (error: unknown) => {
      assert.ok(error instanceof UnexpectedResponseError, String(error));
      assert.equal(error.message, 'The server answered success but did not reset the secret.');
      assert.deepEqual({ status: error.status, excerpt: error.excerpt }, { status: 200, excerpt: '' }, 'a plain success: no page to show');
      assert.equal(error.action, 'updateoauthcredential');
      return true;
    });
    assert.ok(box.state.getCredential(current.credentialId)?.clientSecret === old, 'the secret changed');
  });
});
