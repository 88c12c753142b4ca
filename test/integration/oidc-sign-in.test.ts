// runSignInTest against the sandbox's OpenID Connect provider over real loopback sockets. The
// person's part (login and consent) is posted as HTML forms with cookies, and the redirect is
// delivered to the test's loopback listener as a browser would: no browser needed here
// (cli-sign-in.test.ts drives real chromium).
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox, type StoredCredential } from '../../sandbox';
import { WhmcsClient } from '../../src/core/whmcs/client';
import { OAuthCredentialsApi } from '../../src/core/whmcs/oauthCredentials';
import type { OAuthCredential } from '../../src/core/whmcs/types';
import { freeLoopbackPort, loopbackRedirectUri, runSignInTest, type SignInTestInput } from '../../src/core/oidc/bundle';
import type { SignInReport, SignInStep } from '../../src/core/oidc/signInReport';
import { FormClient, signInOverHttp } from './support/oidcHttp';

let sb: Sandbox;
let client: WhmcsClient;
let api: OAuthCredentialsApi;

before(async () => {
  sb = await createSandbox({ seed: false });
  client = new WhmcsClient({ baseUrl: sb.url, auth: { kind: 'apiCredential', ...sb.apiCredential } });
  api = new OAuthCredentialsApi(client);
});
after(async () => {
  await client.close();
  await sb.close();
});
beforeEach(() => sb.oidcFaults.clear());

/** For tests that must fail before the browser: a throw in openAuthorizeUrl would be swallowed. */
let unexpectedOpens = 0;
const mustNotOpen = () => void unexpectedOpens++;
afterEach(() => assert.equal(unexpectedOpens, 0, 'the browser was opened'));

async function credentialWith(redirectUris: string[], grantTypes = 'authorization_code'): Promise<{ stored: StoredCredential; credential: OAuthCredential }> {
  const stored = sb.state.addCredential({ name: 'Sign-in test app', grantTypes, scope: 'clientarea:profile', redirectUri: redirectUris, ...(grantTypes === 'single_sign_on' ? { serviceId: 0 } : {}) });
  return { stored, credential: await api.get(stored.credentialId) };
}

/** The person in the browser: signs in, answers the consent page, and the browser follows the redirect. */
function person(answer: 'approve' | 'decline', seen: { urls: string[]; pages: string[] } = { urls: [], pages: [] }) {
  return async (url: string) => {
    seen.urls.push(url);
    const { location } = await signInOverHttp(new FormClient(), url, sb.clientUser, answer);
    const page = await fetch(location);
    seen.pages.push(await page.text());
  };
}

async function signIn(overrides: Partial<SignInTestInput> & { credential: OAuthCredential; redirectUri: string }, clientSecret: string): Promise<{ report: SignInReport; steps: SignInStep[] }> {
  const steps: SignInStep[] = [];
  const report = await runSignInTest({
    serverUrl: sb.url,
    clientSecret,
    extraScopes: [],
    transport: {},
    allowInsecureHttp: false,
    openAuthorizeUrl: person('approve'),
    waitMs: 20_000,
    onStep: (step) => steps.push(step),
    ...overrides,
  });
  return { report, steps };
}

function outcomes(report: SignInReport): string {
  return report.steps.map((s) => `${s.id}:${s.outcome}`).join(' ');
}

/** No token, code or secret in the report; the secret and the codes are the sandbox's. */
function assertNothingSecret(report: SignInReport, secrets: string[]): void {
  const text = JSON.stringify(report);
  for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret, code or token is in the report');
  assert.doesNotMatch(text, /eyJ[\w-]+\.eyJ/, 'a JWT is in the report');
  assert.doesNotMatch(text, /"(access_token|id_token|refresh_token)"/);
}

describe('a credential that signs a person in', () => {
  test('every step passes; claims from the ID token and userinfo, no token or secret in the report', async () => {
    const port = await freeLoopbackPort();
    const redirectUri = loopbackRedirectUri(port);
    const { stored, credential } = await credentialWith([redirectUri]);
    const seen = { urls: [] as string[], pages: [] as string[] };
    const { report, steps } = await signIn({ credential, redirectUri, openAuthorizeUrl: person('approve', seen), extraScopes: ['clientarea:profile'] }, stored.clientSecret);
    assert.equal(report.passed, true, JSON.stringify(report.failure));
    assert.equal(outcomes(report), 'credential:passed discovery:passed authorize:passed token:passed idToken:passed userinfo:passed');
    assert.deepEqual(steps.map((s) => s.id), ['credential', 'discovery', 'authorize', 'token', 'idToken', 'userinfo'], 'each step told as it ended');
    assert.equal(report.issuer, sb.url);
    assert.deepEqual(report.requestedScopes, ['openid', 'profile', 'email', 'clientarea:profile']);
    assert.equal(report.claims['sub'], sb.clientUser.uuid);
    assert.equal(report.claims['email'], sb.clientUser.email, 'email comes from userinfo');
    assert.equal(report.claims['iss'], sb.url);
    assert.equal(report.claims['nonce'], undefined);
    const authorize = new URL(seen.urls[0] ?? '');
    assert.equal(authorize.searchParams.get('redirect_uri'), redirectUri);
    assert.equal(authorize.searchParams.get('scope'), 'openid profile email clientarea:profile');
    assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'), 'state and nonce sent');
    assert.match(seen.pages[0] ?? '', /You can close this tab/);
    assert.doesNotMatch(seen.pages[0] ?? '', /code|state=/i, 'the page repeats nothing from the address');
    assertNothingSecret(report, [stored.clientSecret]);
    assert.ok(report.totalMs >= report.steps.reduce((sum, s) => sum + s.ms, 0) - 5);
  });

  test('a secret holding + / = signs in: it goes in the body (form-encoded Basic would be refused)', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const secret = 'Ab+cd/ef==Gh+ij/kl==Mn+op/qr==St+uv/wx==Yz+01/23==';
    const stored = sb.state.addCredential({ name: 'Plus slash equals', grantTypes: 'authorization_code', scope: 'clientarea:profile', redirectUri: [redirectUri], clientSecret: secret });
    const credential = await api.get(stored.credentialId);
    sb.resetStats();
    const { report } = await signIn({ credential, redirectUri }, secret);
    assert.equal(report.passed, true, JSON.stringify(report.failure));
    assertNothingSecret(report, [secret]);
    const token = sb.requests().filter((r) => r.action === 'oauth/token.php');
    assert.deepEqual(token.map((r) => r.params.includes('client_secret') && r.params.includes('client_id')), [true], 'the secret was not in the body');
  });

  test('a credential with no redirect URI registered accepts the loopback one', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([]);
    const { report } = await signIn({ credential, redirectUri }, stored.clientSecret);
    assert.equal(report.passed, true, JSON.stringify(report.failure));
    assert.match(report.steps[0]?.detail ?? '', /registers none/);
  });
});

describe('what the person or the credential gets wrong', () => {
  test('declined consent: accessDenied, retry', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: person('decline') }, stored.clientSecret);
    assert.equal(report.passed, false);
    assert.equal(report.failure?.code, 'accessDenied');
    assert.equal(report.failure?.fix.kind, 'retry');
    assert.equal(report.failure?.serverError?.error, 'access_denied');
    assert.equal(outcomes(report), 'credential:passed discovery:passed authorize:failed token:skipped idToken:skipped userinfo:skipped');
  });

  test('redirect URI not registered: refused before the browser opens', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith(['https://app.example/callback']);
    let opened = false;
    const before = sb.stats().requests;
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: () => void (opened = true) }, stored.clientSecret);
    assert.equal(opened, false);
    assert.equal(sb.stats().requests, before, 'no request was made');
    assert.equal(report.failure?.code, 'redirectUriNotRegistered');
    assert.deepEqual(report.failure?.fix, { kind: 'registerRedirectUri', label: `Register ${redirectUri}`, value: redirectUri });
  });

  test('the exact compare: a trailing slash is another URI', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([`${redirectUri}/`]);
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: mustNotOpen }, stored.clientSecret);
    assert.equal(report.failure?.code, 'redirectUriNotRegistered');
  });

  test('secret reset on the server after it was stored: secretRejected, store the current secret', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    const storedSecret = stored.clientSecret;
    const { newClientSecret } = await api.resetSecret(credential);
    const { report } = await signIn({ credential, redirectUri }, storedSecret);
    assert.equal(report.failure?.code, 'secretRejected');
    assert.equal(report.failure?.fix.kind, 'storeCurrentSecret');
    assert.equal(report.failure?.serverError?.error, 'invalid_client');
    assert.equal(outcomes(report), 'credential:passed discovery:passed authorize:passed token:failed idToken:skipped userinfo:skipped');
    assertNothingSecret(report, [storedSecret, newClientSecret]);
  });

  test('a single_sign_on credential: notAuthorizationCode without any request', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([], 'single_sign_on');
    const before = sb.stats().requests;
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: mustNotOpen }, stored.clientSecret);
    assert.equal(sb.stats().requests, before, 'no request was made');
    assert.equal(report.failure?.code, 'notAuthorizationCode');
    assert.equal(report.failure?.fix.kind, 'useAuthorizationCodeCredential');
    assert.equal(outcomes(report), 'credential:failed discovery:skipped authorize:skipped token:skipped idToken:skipped userinfo:skipped');
  });

  test('a scope the credential does not have: invalidScope naming it, before the browser opens', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    const { report } = await signIn({ credential, redirectUri, extraScopes: ['clientarea:billing_info'], openAuthorizeUrl: mustNotOpen }, stored.clientSecret);
    assert.equal(report.failure?.code, 'invalidScope', JSON.stringify(report.failure));
    assert.deepEqual(report.failure?.fix, { kind: 'removeScope', label: 'Leave out the scope clientarea:billing_info', value: 'clientarea:billing_info' });
    assert.equal(report.failure?.serverError?.error, 'invalid_scope');
  });

  test('deleted on the server since it was read: invalidClient, before the browser opens', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    await api.delete(stored.credentialId);
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: mustNotOpen }, stored.clientSecret);
    assert.equal(report.failure?.code, 'invalidClient', JSON.stringify(report.failure));
    assert.equal(report.failure?.serverError?.error, 'invalid_client');
  });

  test('its redirect URIs changed on the server since it was read: redirectUriMismatch, before the browser opens', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    await api.update(credential, { redirectUris: ['https://app.example/callback'] });
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: mustNotOpen }, stored.clientSecret);
    assert.equal(report.failure?.code, 'redirectUriMismatch', JSON.stringify(report.failure));
    assert.equal(report.failure?.fix.kind, 'registerRedirectUri');
  });

  test('no client secret: noClientSecret', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { credential } = await credentialWith([redirectUri]);
    const { report } = await signIn({ credential, redirectUri, openAuthorizeUrl: mustNotOpen }, '');
    assert.equal(report.failure?.code, 'noClientSecret');
  });
});

describe('what the provider gets wrong', () => {
  async function withFault(fault: Parameters<Sandbox['oidcFaults']['set']>[0]) {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    sb.oidcFaults.set(fault);
    const result = await signIn({ credential, redirectUri }, stored.clientSecret);
    assertNothingSecret(result.report, [stored.clientSecret]);
    return result.report;
  }

  test('rotated signing key: idTokenSignature', async () => {
    const report = await withFault({ rotatedSigningKey: true });
    assert.equal(report.failure?.code, 'idTokenSignature', JSON.stringify(report.failure));
    assert.equal(outcomes(report), 'credential:passed discovery:passed authorize:passed token:passed idToken:failed userinfo:skipped');
  });

  test('expired code: codeRejected, retry', async () => {
    const report = await withFault({ expireCodes: true });
    assert.equal(report.failure?.code, 'codeRejected');
    assert.equal(report.failure?.fix.kind, 'retry');
    assert.equal(report.failure?.serverError?.error, 'invalid_grant');
  });

  test('wrong issuer in the ID token: issuerMismatch, check the System URL', async () => {
    const report = await withFault({ wrongIssuer: true });
    assert.equal(report.failure?.code, 'issuerMismatch', JSON.stringify(report.failure));
    assert.equal(report.failure?.fix.kind, 'checkSystemUrl');
    assert.equal(outcomes(report), 'credential:passed discovery:passed authorize:passed token:passed idToken:failed userinfo:skipped');
  });

  test('server clock 10 minutes ahead: idTokenClaims, check the clock, with the skew', async () => {
    const report = await withFault({ clockSkewSeconds: 600 });
    assert.equal(report.failure?.code, 'idTokenClaims', JSON.stringify(report.failure));
    assert.equal(report.failure?.fix.kind, 'checkServerClock');
    assert.match(report.failure?.fix.value ?? '', /^\+(599|600|601) s$/);
  });

  test('server clock two hours behind: the ID token arrives expired', async () => {
    const report = await withFault({ clockSkewSeconds: -7200 });
    assert.equal(report.failure?.code, 'idTokenClaims', JSON.stringify(report.failure));
    assert.equal(report.failure?.fix.kind, 'checkServerClock');
    assert.match(report.failure?.fix.value ?? '', /^-(7199|7200|7201) s$/);
  });
});

describe('waiting for the person', () => {
  test('cancelled while waiting: cancelled, and the listener is closed', async () => {
    const port = await freeLoopbackPort();
    const redirectUri = loopbackRedirectUri(port);
    const { stored, credential } = await credentialWith([redirectUri]);
    const controller = new AbortController();
    const { report } = await signIn({ credential, redirectUri, signal: controller.signal, openAuthorizeUrl: () => controller.abort() }, stored.clientSecret);
    assert.equal(report.failure?.code, 'cancelled');
    await assert.rejects(fetch(redirectUri), 'the loopback listener is still open');
  });

  test('nobody signs in: timedOut', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    const { report } = await signIn({ credential, redirectUri, waitMs: 300, openAuthorizeUrl: () => undefined }, stored.clientSecret);
    assert.equal(report.failure?.code, 'timedOut');
    assert.equal(report.failure?.fix.kind, 'retry');
  });

  test('a redirect with another state is answered 400 and ignored; ours still counts', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    const strangers: number[] = [];
    const { report } = await signIn(
      {
        credential,
        redirectUri,
        openAuthorizeUrl: async (url) => {
          strangers.push((await fetch(`${redirectUri}?code=forged&state=not-ours`)).status);
          await person('approve')(url);
        },
      },
      stored.clientSecret,
    );
    assert.deepEqual(strangers, [400]);
    assert.equal(report.passed, true, JSON.stringify(report.failure));
  });

  test('only a redirect with another state came: stateMismatch', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    const { report } = await signIn(
      { credential, redirectUri, waitMs: 500, openAuthorizeUrl: async () => void (await fetch(`${redirectUri}?code=forged&state=not-ours`)) },
      stored.clientSecret,
    );
    assert.equal(report.failure?.code, 'stateMismatch');
  });

  test('cancelled while the token endpoint is slow: cancelled', async () => {
    const redirectUri = loopbackRedirectUri(await freeLoopbackPort());
    const { stored, credential } = await credentialWith([redirectUri]);
    sb.oidcFaults.set({ tokenDelayMs: 30_000 });
    const controller = new AbortController();
    const { report } = await signIn(
      {
        credential,
        redirectUri,
        signal: controller.signal,
        onStep: (step) => {
          // The token request is on its way once authorize has passed.
          if (step.id === 'authorize') setImmediate(() => controller.abort());
        },
      },
      stored.clientSecret,
    );
    assert.equal(report.failure?.code, 'cancelled', JSON.stringify(report.failure));
    assert.equal(report.steps.find((s) => s.id === 'token')?.outcome, 'failed');
  });
});
