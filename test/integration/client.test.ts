// The WHMCS client against the sandbox WHMCS over real loopback sockets: every action, every auth
// mode, the server's error messages, every fault, TLS, proxies and connection reuse.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closedPort } from './support/closedPort';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { WhmcsClient, type WhmcsClientOptions } from '../../src/core/whmcs/client';
import {
  AuthError,
  IpNotAllowedError,
  PermissionError,
  ResetNotAppliedError,
  ResetOutcomeUnknownError,
  ServerError,
  TransportError,
  UnexpectedResponseError,
  ValidationError,
  WhmcsError,
} from '../../src/core/whmcs/errors';
import { OAuthCredentialsApi, secretFingerprint } from '../../src/core/whmcs/oauthCredentials';
import { startConnectProxy } from './support/connectProxy';
import { requestsReach } from './support/requestsReach';
import { assertLastUpdateReset, assertSecretKept } from '../support/secretKept';

const sandboxes: Sandbox[] = [];
const clients: WhmcsClient[] = [];

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await createSandbox(options);
  sandboxes.push(started);
  return started;
}

function clientFor(box: Sandbox, options: Partial<WhmcsClientOptions> = {}): WhmcsClient {
  const client = new WhmcsClient({
    baseUrl: box.url,
    auth: { kind: 'apiCredential', ...box.apiCredential },
    ...options,
  });
  clients.push(client);
  return client;
}

function apiFor(box: Sandbox, options: Partial<WhmcsClientOptions> = {}): OAuthCredentialsApi {
  return new OAuthCredentialsApi(clientFor(box, options));
}

/** Asserts a rejection of the given class; returns it for more checks. Never leaks a secret. */
async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T, box?: Sandbox): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (box) assert.ok(!error.message.includes(box.apiCredential.secret), 'the API secret leaked into a message');
    return error;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(sandboxes.map((s) => s.close()));
});

describe('OAuth credential actions', () => {
  let box: Sandbox;
  let api: OAuthCredentialsApi;
  before(async () => {
    box = await sandbox();
    api = apiFor(box);
  });

  test('list returns every seeded credential decoded, numbers as numbers, without secrets', async () => {
    const credentials = await api.list();
    const stored = box.state.listCredentials();
    assert.equal(credentials.length, stored.length);
    assert.ok(credentials.length >= 3);
    for (const credential of credentials) {
      const raw = box.state.getCredential(credential.credentialId);
      assert.ok(raw, `credential ${credential.credentialId} exists`);
      assert.equal(typeof credential.credentialId, 'number');
      assert.equal(credential.clientIdentifier, raw.clientIdentifier);
      assert.deepEqual(credential.redirectUris, raw.redirectUri.map(unescapeHtml));
      assert.equal(credential.name, unescapeHtml(raw.name));
      assert.ok(!JSON.stringify(credential).includes(raw.clientSecret));
    }
    assert.ok(credentials.some((c) => /[&"']/.test(c.name)), 'the seed has a name with & or quotes, decoded');
  });

  test('list filters by grant type, sorts by a column and limits', async () => {
    const sso = await api.list({ grantType: 'single_sign_on' });
    assert.ok(sso.length > 0 && sso.every((c) => c.grantType === 'single_sign_on'));
    const descending = await api.list({ sortField: 'id', sortOrder: 'DESC', limit: 2 });
    assert.equal(descending.length, 2);
    assert.ok((descending[0]?.credentialId ?? 0) > (descending[1]?.credentialId ?? 0));
  });

  test('create, read back, update only what changed, and delete', async () => {
    const created = await api.create({
      grantType: 'authorization_code',
      name: 'Tom & Jerry\'s <app>',
      scopes: ['clientarea:sso', 'openid'],
      redirectUris: ['https://a.example/cb', 'https://b.example/cb?x=1&y=2'],
    });
    assert.equal(created.clientSecret, box.state.getCredential(created.credentialId)?.clientSecret);
    assert.equal(created.clientSecret.length, 88);

    const fresh = await api.get(created.credentialId);
    assert.equal(fresh.name, 'Tom & Jerry\'s <app>');
    assert.equal(box.state.getCredential(created.credentialId)?.name, 'Tom &amp; Jerry&#039;s &lt;app&gt;');
    assert.deepEqual(fresh.redirectUris, ['https://a.example/cb', 'https://b.example/cb?x=1&y=2']);

    const result = await api.update(fresh, {
      name: fresh.name,
      description: 'Portal & more',
      redirectUris: ['https://b.example/cb?x=1&y=2', 'https://c.example/cb'],
    });
    assert.deepEqual(result.sentFields, ['description', 'redirectUris']);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.readBack?.redirectUris, ['https://b.example/cb?x=1&y=2', 'https://c.example/cb']);
    const after = await api.get(created.credentialId);
    assert.equal(after.name, 'Tom & Jerry\'s <app>', 'a decoded name sent back unchanged is not double-escaped');
    assert.equal(after.description, 'Portal & more');

    const cleared = await api.update(after, { redirectUris: [] });
    assert.deepEqual(cleared.readBack?.redirectUris, []);

    await api.delete(created.credentialId);
    assert.equal(box.state.getCredential(created.credentialId), undefined);
    await rejection(api.get(created.credentialId), ValidationError);
  });

  test('an unchanged form sends nothing', async () => {
    const [first] = await api.list();
    assert.ok(first);
    const before = box.stats().requests;
    const result = await api.update(first, { name: first.name, scopes: [...first.scopes].reverse() });
    assert.deepEqual(result.sentFields, []);
    assert.equal(box.stats().requests, before);
  });

  test('reset returns the new secret once; the old one is gone', async () => {
    const [first] = await api.list({ grantType: 'authorization_code' });
    assert.ok(first);
    const old = box.state.getCredential(first.credentialId)?.clientSecret;
    const result = await api.resetSecret(first);
    const stored = box.state.getCredential(first.credentialId)?.clientSecret;
    assert.equal(result.newClientSecret, stored);
    assert.notEqual(stored, old);
    assert.equal(result.recoveredSecret, undefined);
    assert.equal(await api.readClientSecret(first.credentialId), stored);
  });

  test('create single sign-on needs a service ID; the client says so before sending', async () => {
    const before = box.stats().requests;
    const error = await rejection(api.create({ grantType: 'single_sign_on', scopes: ['clientarea:sso'] }), ValidationError);
    assert.equal(error.field, 'serviceId');
    assert.equal(error.source, 'client');
    assert.equal(error.message, 'A service ID is required for the single sign-on grant type.');
    assert.equal(box.stats().requests, before);
  });

  test('the server judges scopes it does not know, and its message lands on the scope field', async () => {
    const [first] = await api.list();
    assert.ok(first);
    const error = await rejection(api.update(first, { scopes: ['openid', 'custom:unknown'] }), ValidationError);
    assert.equal(error.source, 'server');
    assert.equal(error.field, 'scope');
    assert.equal(error.message, 'The requested scope "custom:unknown" is invalid.');
  });

  test('server validation messages in order, mapped to fields (raw calls past client validation)', async () => {
    const client = clientFor(box);
    const [first] = await api.list({ grantType: 'authorization_code' });
    assert.ok(first);
    const cases: Array<[Record<string, string | number>, string, string]> = [
      [{}, 'A Credential ID or Client Identifier is required.', 'credentialId'],
      [{ credentialId: 999999 }, 'Invalid Credential ID provided.', 'credentialId'],
      [{ clientIdentifier: 'nope' }, 'Invalid Client Identifier provided.', 'credentialId'],
      [{ credentialId: first.credentialId, grantType: 'password' }, 'The requested grant type "password" is invalid.', 'grantType'],
      [{ credentialId: first.credentialId, name: '' }, 'A name for the Client Credential is required.', 'name'],
      [{ credentialId: first.credentialId, scope: 'openid bogus' }, 'The requested scope "bogus" is invalid.', 'scope'],
    ];
    for (const [params, message, field] of cases) {
      const error = await rejection(client.call('UpdateOAuthCredential', params), ValidationError);
      assert.equal(error.message, message);
      assert.equal(error.field, field);
    }
    const sso = await rejection(
      client.call('UpdateOAuthCredential', { credentialId: first.credentialId, grantType: 'single_sign_on', serviceId: 0 }),
      ValidationError,
    );
    assert.equal(sso.field, 'serviceId');
  });

  test('unknown and empty actions keep the server\'s words', async () => {
    const client = clientFor(box);
    const unknown = await rejection(client.call('FooBar'), ServerError);
    assert.equal(unknown.message, 'Invalid API Action: "foobar" is not a valid API action');
    const empty = await rejection(client.call(''), ServerError);
    assert.equal(empty.message, 'Empty action request');
    assert.equal(empty.status, 400);
  });
});

describe('a save that did not ask for a reset keeps the secret', () => {
  let box: Sandbox;
  let api: OAuthCredentialsApi;
  before(async () => {
    box = await sandbox({ mergeDefect: true });
    api = apiFor(box);
  });

  /** Runs `save` on an authorization-code credential and checks the invariant on the sandbox. */
  async function saveKeepsSecret(save: (current: Awaited<ReturnType<OAuthCredentialsApi['get']>>) => Promise<unknown>, minimumUpdates = 1): Promise<void> {
    const [current] = await api.list({ grantType: 'authorization_code' });
    assert.ok(current);
    const secretBefore = box.state.getCredential(current.credentialId)?.clientSecret;
    box.resetStats();
    await save(current);
    assertSecretKept({ secretBefore, secretAfter: box.state.getCredential(current.credentialId)?.clientSecret, requests: box.requests(), minimumUpdates });
  }

  test('a description alone (the hot path, nothing read back)', () => saveKeepsSecret((c) => api.update(c, { description: `${c.description} more` })));
  test('a name, with resetSecret: false said outright', () => saveKeepsSecret((c) => api.update(c, { name: `${c.name} 2` }, { resetSecret: false })));
  test('a list change, read back and verified', () => saveKeepsSecret((c) => api.update(c, { redirectUris: [...c.redirectUris, 'https://kept.example/cb'] })));
  test('an explicit verify of a field that is not a list', () => saveKeepsSecret((c) => api.update(c, { logoUri: 'https://kept.example/logo.png' }, { verify: true })));
  test('the two-step repair of a list the server dropped', () =>
    saveKeepsSecret((c) => api.applyListsAgainSafely(c, { scopes: [...c.scopes.slice(1), 'clientarea:tickets'] }), 2));

  test('the check sees a reset: the reset request carries resetSecret and the secret changes', async () => {
    const [current] = await api.list({ grantType: 'authorization_code' });
    assert.ok(current);
    const secretBefore = box.state.getCredential(current.credentialId)?.clientSecret;
    box.resetStats();
    await api.update(current, { description: 'with a reset' }, { resetSecret: true });
    assertLastUpdateReset(box.requests());
    assert.throws(() => assertSecretKept({ secretBefore, secretAfter: box.state.getCredential(current.credentialId)?.clientSecret, requests: box.requests() }));
  });
});

describe('authentication', () => {
  let box: Sandbox;
  before(async () => {
    box = await sandbox({ accessKey: 'the-access-key' });
  });

  test('API credential, admin login (md5) and the access key all work', async () => {
    assert.ok((await apiFor(box).list()).length > 0);
    const admin = apiFor(box, { auth: { kind: 'adminLogin', ...box.admin } });
    assert.ok((await admin.list()).length > 0);
    const withKey = apiFor(box, { accessKey: 'the-access-key' });
    assert.ok((await withKey.list()).length > 0);
  });

  test('each auth failure is an AuthError with the server\'s message and a hint', async () => {
    const cases: Array<[Partial<WhmcsClientOptions>, string, string]> = [
      [{ auth: { kind: 'apiCredential', identifier: box.apiCredential.identifier, secret: 'wrong' } }, 'Authentication Failed', 'credentials'],
      [{ auth: { kind: 'apiCredential', identifier: 'unknown-id', secret: 'x' } }, 'Invalid or missing credentials', 'unknownIdentifier'],
      [{ auth: { kind: 'adminLogin', username: box.admin.username, password: 'wrong' } }, 'Authentication Failed', 'credentials'],
      [{ accessKey: 'wrong-key' }, 'Invalid Access Key', 'accessKey'],
    ];
    for (const [options, message, reason] of cases) {
      const error = await rejection(apiFor(box, options).list(), AuthError, box);
      assert.equal(error.message, message);
      assert.equal(error.reason, reason);
      assert.ok(error.hint.length > 10);
    }
  });

  test('a role without the action gives PermissionError naming it', async () => {
    const limited = box.state.addApiCredential({ allowedActions: ['listoauthcredentials'] });
    const api = apiFor(box, { auth: { kind: 'apiCredential', ...limited } });
    const [first] = await api.list();
    assert.ok(first);
    const error = await rejection(api.update(first, { description: 'x' }), PermissionError);
    assert.equal(error.deniedAction, 'updateoauthcredential');
    assert.equal(error.message, 'Invalid Permissions: API action "updateoauthcredential" is not allowed');
  });

  test('IP allow-list: the address the server saw, the access key gets through', async () => {
    const restricted = await sandbox({ allowedIps: ['203.0.113.7'], accessKey: 'k3y' });
    const error = await rejection(apiFor(restricted).list(), IpNotAllowedError, restricted);
    assert.equal(error.ip, '127.0.0.1');
    assert.equal(error.message, 'Invalid IP 127.0.0.1');
    assert.match(error.hint, /access key/);
    assert.ok((await apiFor(restricted, { accessKey: 'k3y' }).list()).length > 0);
    const banned = await sandbox({ bannedIps: ['127.0.0.1'] });
    const ban = await rejection(apiFor(banned).list(), IpNotAllowedError);
    assert.equal(ban.banned, true);
  });
});

describe('WHMCS 7.8 flavour: numeric strings and escaped slashes', () => {
  test('normalises to the same shapes', async () => {
    const box = await sandbox({ flavor: '7.8' });
    const api = apiFor(box);
    const credentials = await api.list();
    assert.ok(credentials.length > 0);
    for (const c of credentials) {
      assert.equal(typeof c.credentialId, 'number');
      assert.equal(typeof c.serviceId, 'number');
      assert.match(c.clientIdentifier, /\./);
      for (const uri of c.redirectUris) assert.doesNotMatch(uri, /\\\//);
    }
    const [first] = credentials;
    assert.ok(first);
    const reset = await api.resetSecret(first);
    assert.equal(reset.newClientSecret, box.state.getCredential(first.credentialId)?.clientSecret);
  });
});

describe('the WHMCS 8.7 merge defect', () => {
  test('dropped list items are reported, and applying again safely stores them', async () => {
    const box = await sandbox({ mergeDefect: true });
    const api = apiFor(box);
    const created = await api.create({ grantType: 'authorization_code', name: 'merge', scopes: ['openid', 'email'] });
    const current = await api.get(created.credentialId);
    const result = await api.update(current, { scopes: ['email', 'profile'] });
    assert.deepEqual(result.differences, [{ field: 'scopes', missing: ['profile'], extra: [] }]);
    assert.ok(result.readBack);
    const repaired = await api.applyListsAgainSafely(result.readBack, { scopes: ['email', 'profile'] });
    assert.deepEqual(repaired.differences, []);
    assert.deepEqual([...(box.state.getCredential(created.credentialId)?.scope.split(' ') ?? [])].sort(), ['email', 'profile']);
  });
});

describe('faults', () => {
  let box: Sandbox;
  let api: OAuthCredentialsApi;
  before(async () => {
    box = await sandbox();
    api = apiFor(box, { timeouts: { headersMs: 400, bodyMs: 400 } });
  });

  test('HTML pages with 200 and 500 become UnexpectedResponseError with status and excerpt', async () => {
    for (const [kind, status] of [['html200', 200], ['html500', 500]] as const) {
      box.faults.inject({ kind, times: 1 });
      const error = await rejection(api.list(), UnexpectedResponseError, box);
      assert.equal(error.status, status);
      assert.match(error.message, /HTML page/);
      assert.ok(error.excerpt.length > 0 && error.excerpt.length <= 200);
    }
  });

  test('a BOM and a PHP notice before the JSON are survived', async () => {
    for (const kind of ['bom', 'phpNotice'] as const) {
      box.faults.inject({ kind, times: 1 });
      assert.ok((await api.list()).length > 0, kind);
    }
  });

  test('a delay beyond the timeout and a hang end at the timeout, not later', async () => {
    for (const fault of [{ kind: 'delay', delayMs: 2_000, times: 1 }, { kind: 'hang', times: 1 }] as const) {
      box.faults.inject(fault);
      const started = Date.now();
      const error = await rejection(api.list(), TransportError);
      assert.equal(error.reason, 'headersTimeout');
      assert.ok(Date.now() - started < 1_900, `gave up after ${Date.now() - started} ms`);
      assert.match(error.message, /did not answer within 0\.4 s/);
    }
  });

  test('a list whose kept-alive socket was reset is sent once more; an update is not', async () => {
    await api.list();
    box.faults.inject({ kind: 'reset', times: 1 });
    assert.ok((await api.list()).length > 0);

    const [first] = await api.list();
    assert.ok(first);
    box.faults.inject({ kind: 'reset', times: 1, action: 'UpdateOAuthCredential' });
    const before = box.stats().requests;
    const error = await rejection(api.update(first, { description: 'reset fault' }), TransportError);
    assert.equal(error.reason, 'reset');
    assert.equal(error.maybeApplied, true);
    assert.equal(box.stats().requests - before, 1, 'the update was sent exactly once');
  });

  test('half a body is a reset connection', async () => {
    const [first] = await api.list();
    assert.ok(first);
    box.faults.inject({ kind: 'halfBody', times: 1, action: 'updateoauthcredential' });
    const error = await rejection(api.update(first, { description: 'half a body' }), TransportError);
    assert.equal(error.reason, 'reset');
    assert.equal(error.maybeApplied, true);
  });

  test('a reset whose answer is lost after the server applied it is recovered, not resent', async () => {
    const [first] = await api.list();
    assert.ok(first);
    box.faults.inject({ kind: 'applyThenDrop', times: 1, action: 'updateoauthcredential' });
    const before = box.stats().requests;
    const result = await api.resetSecret(first);
    assert.equal(result.recoveredSecret, true);
    assert.equal(result.newClientSecret, box.state.getCredential(first.credentialId)?.clientSecret);
    assert.equal(box.stats().requests - before, 3, 'list, one update, list');
  });

  test('a reset refused by an HTML error page is reported as not applied', async () => {
    const [first] = await api.list();
    assert.ok(first);
    const old = box.state.getCredential(first.credentialId)?.clientSecret;
    box.faults.inject({ kind: 'html500', times: 1, action: 'updateoauthcredential' });
    const error = await rejection(api.resetSecret(first), ResetNotAppliedError);
    assert.match(error.message, /did not reset the secret/);
    assert.equal(box.state.getCredential(first.credentialId)?.clientSecret, old);
  });

  test('a lost reset answer with the server unreachable afterwards is ResetOutcomeUnknownError', async () => {
    const [first] = await api.list();
    assert.ok(first);
    const before = secretFingerprint(box.state.getCredential(first.credentialId)?.clientSecret ?? '');
    let lists = 0;
    const watched = apiFor(box, {
      timeouts: { headersMs: 400 },
      onCall: (event) => {
        // After the fingerprint is taken, every further list fails.
        if (event.action === 'listoauthcredentials' && ++lists === 1) box.faults.inject({ kind: 'html500', action: 'listoauthcredentials' });
      },
    });
    box.faults.inject({ kind: 'applyThenDrop', times: 1, action: 'updateoauthcredential' });
    try {
      const error = await rejection(watched.resetSecret(first), ResetOutcomeUnknownError, box);
      assert.equal(error.previousSecretFingerprint, before);
      box.faults.clear();
      const check = await watched.checkReset(first.credentialId, error.previousSecretFingerprint);
      assert.ok(check.happened);
      assert.equal(check.secret, box.state.getCredential(first.credentialId)?.clientSecret);
    } finally {
      box.faults.clear();
    }
  });

  test('cancelling gives a cancelled TransportError', async () => {
    // Cancelled while the server holds the request (the answer would come long after).
    box.faults.inject({ kind: 'delay', delayMs: 60_000, times: 1 });
    const controller = new AbortController();
    const listing = api.list({}, { signal: controller.signal });
    listing.catch(() => undefined); // looked at below, once aborted
    await requestsReach(box, box.stats().requests + 1);
    controller.abort();
    const error = await rejection(listing, TransportError);
    assert.equal(error.reason, 'cancelled');
  });
});

describe('connections', () => {
  test('keep-alive: 200 sequential calls use one socket', async () => {
    const box = await sandbox();
    const api = apiFor(box);
    box.resetStats();
    for (let i = 0; i < 200; i++) await api.list();
    assert.deepEqual(box.stats(), { connections: 1, requests: 200 });
  });

  test('50 concurrent calls all succeed over one socket', async () => {
    const box = await sandbox();
    const api = apiFor(box);
    box.resetStats();
    const results = await Promise.all(Array.from({ length: 50 }, () => api.list()));
    assert.equal(results.length, 50);
    assert.deepEqual(box.stats(), { connections: 1, requests: 50 });
  });

  test('connection refused says so and cannot have been applied', async () => {
    const port = await closedPort();
    const api = new OAuthCredentialsApi(
      new WhmcsClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'apiCredential', identifier: 'a', secret: 'b' } }),
    );
    const error = await rejection(api.list(), TransportError);
    assert.equal(error.reason, 'refused');
    assert.equal(error.maybeApplied, false);
    assert.match(error.message, /Connection refused by http:\/\/127\.0\.0\.1:\d+/);
  });

  test('TLS: verification on by default, the CA file trusts it, the opt-out accepts it', async () => {
    const box = await sandbox({ tls: true });
    assert.match(box.url, /^https:/);
    const error = await rejection(apiFor(box).list(), TransportError);
    assert.equal(error.reason, 'tls');
    assert.equal(error.maybeApplied, false);
    assert.match(error.message, /self-signed|unknown authority/);
    assert.match(error.hint, /CA certificate/);
    assert.ok((await apiFor(box, { tls: { caPem: box.caPem } }).list()).length > 0);
    assert.ok((await apiFor(box, { tls: { allowUntrustedCertificate: true } }).list()).length > 0);
  });

  test('an HTTP proxy carries the calls; no-proxy hosts bypass it', async () => {
    const box = await sandbox();
    const proxy = await startConnectProxy();
    try {
      assert.ok((await apiFor(box, { proxy: { url: proxy.url } }).list()).length > 0);
      assert.equal(proxy.tunnels, 1);
      assert.ok((await apiFor(box, { proxy: { url: proxy.url, noProxy: 'localhost, 127.0.0.1' } }).list()).length > 0);
      assert.equal(proxy.tunnels, 1);
    } finally {
      await proxy.close();
    }
  });
});

test('every error is a WhmcsError with a hint', async () => {
  const box = await sandbox();
  const api = apiFor(box, { auth: { kind: 'apiCredential', identifier: 'x', secret: 'y' } });
  const error = await rejection(api.list(), AuthError);
  assert.ok(error instanceof WhmcsError && error.hint.length > 0);
});

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#039;/g, "'")
    .replace(/&amp;/g, '&');
}
