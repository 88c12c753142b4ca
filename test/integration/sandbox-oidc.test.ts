// The sandbox's OpenID Connect provider, over real loopback sockets with plain fetch, against
// /work/shared/whmcs-oauth-api.md ("The OpenID Connect provider") and bshaffer/oauth2-server-php.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createSandbox, WRONG_ISSUER, type Sandbox, type StoredCredential } from '../../sandbox';
import { csrfToken, FormClient, signInOverHttp } from './support/oidcHttp';

const REDIRECT = 'http://127.0.0.1:9/callback';

let sb: Sandbox;
let app: StoredCredential;

function authorizeUrl(params: Record<string, string>): string {
  return `${sb.url}/oauth/authorize.php?${new URLSearchParams(params).toString()}`;
}

function codeRequest(credential: StoredCredential, extra: Record<string, string> = {}): string {
  return authorizeUrl({ client_id: credential.clientIdentifier, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid email profile', state: 'st-1', nonce: 'n-1', ...extra });
}

async function postToken(fields: Record<string, string>, basic?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sb.url}/oauth/token.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${basic}` } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A fresh code for `credential`, approved by the seeded user. */
async function approvedCode(credential = app, extra: Record<string, string> = {}): Promise<string> {
  const { location } = await signInOverHttp(new FormClient(), codeRequest(credential, extra), sb.clientUser, 'approve');
  const code = new URL(location).searchParams.get('code');
  assert.ok(code, 'the approval redirect carries a code');
  return code;
}

/** GET without following redirects and without a session. */
async function getOnce(url: string): Promise<{ status: number; location: URL | undefined; body: string }> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  return { status: response.status, location: location === null ? undefined : new URL(location, url), body: await response.text() };
}

/** The fields without one of them. */
function without(fields: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
}

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'latin1').toString('base64');
}

function redeemBody(code: string, credential = app): Record<string, string> {
  return { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: credential.clientIdentifier, client_secret: credential.clientSecret };
}

before(async () => {
  sb = await createSandbox({ seed: false });
  app = sb.state.addCredential({ name: 'Portal &amp; Co', grantTypes: 'authorization_code', scope: 'clientarea:profile', redirectUri: [REDIRECT] });
});
after(() => sb.close());
beforeEach(() => sb.oidcFaults.clear());

describe('happy path', () => {
  test('discovery names the issuer (the system URL, no trailing slash) and the WHMCS endpoints', async () => {
    const response = await fetch(`${sb.url}/oauth/openid-configuration.php`);
    assert.equal(response.status, 200);
    const doc = (await response.json()) as Record<string, unknown>;
    assert.equal(doc['issuer'], sb.url);
    assert.ok(!sb.url.endsWith('/'));
    assert.equal(doc['authorization_endpoint'], `${sb.url}/oauth/authorize.php`);
    assert.equal(doc['token_endpoint'], `${sb.url}/oauth/token.php`);
    assert.equal(doc['userinfo_endpoint'], `${sb.url}/oauth/userinfo.php`);
    assert.equal(doc['jwks_uri'], `${sb.url}/oauth/certs.php`);
    assert.deepEqual(doc['scopes_supported'], ['openid', 'email', 'profile']);
    assert.deepEqual(doc['id_token_signing_alg_values_supported'], ['RS256']);
    assert.equal(doc['code_challenge_methods_supported'], undefined, 'no PKCE');
    assert.ok(!(doc['grant_types_supported'] as string[]).includes('refresh_token'));
  });

  test('the site root rewrites /.well-known/openid-configuration to the same document', async () => {
    const origin = new URL(sb.url).origin;
    const wellKnown = await (await fetch(`${origin}/.well-known/openid-configuration`)).json();
    const direct = await (await fetch(sb.discoveryUrl)).json();
    assert.deepEqual(wellKnown, direct);
  });

  test('sign in, approve, redeem the code: an RS256 ID token the JWKS verifies, and userinfo', async () => {
    const client = new FormClient();
    const { consentPage, location } = await signInOverHttp(client, codeRequest(app), sb.clientUser, 'approve');
    assert.match(consentPage, /Portal &amp; Co/, 'the consent page names the application');
    const back = new URL(location);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'st-1');
    const code = back.searchParams.get('code') ?? '';
    assert.match(code, /^[0-9a-f]{40}$/);

    const token = await postToken(redeemBody(code));
    assert.equal(token.status, 200);
    assert.equal(token.body['token_type'], 'Bearer');
    assert.equal(token.body['expires_in'], 3600);
    assert.equal(token.body['refresh_token'], undefined, 'no refresh tokens');
    const idToken = String(token.body['id_token']);
    const header = decodeProtectedHeader(idToken);
    assert.equal(header.alg, 'RS256');
    assert.ok(header.kid);
    const jwks = createRemoteJWKSet(new URL(`${sb.url}/oauth/certs.php`));
    const { payload } = await jwtVerify(idToken, jwks, { issuer: sb.url, audience: app.clientIdentifier });
    assert.equal(payload.sub, sb.clientUser.uuid);
    assert.equal(payload['nonce'], 'n-1');
    assert.equal(payload['email'], undefined, 'the ID token carries no email');

    const userinfo = await fetch(`${sb.url}/oauth/userinfo.php`, { headers: { authorization: `Bearer ${String(token.body['access_token'])}` } });
    assert.equal(userinfo.status, 200);
    const claims = (await userinfo.json()) as Record<string, unknown>;
    assert.equal(claims['sub'], sb.clientUser.uuid);
    assert.equal(claims['email'], sb.clientUser.email);
    assert.equal(claims['email_verified'], false);
    assert.equal(claims['name'], 'Sandbox Client');
    assert.equal(claims['given_name'], 'Sandbox');
    assert.equal(claims['family_name'], 'Client');
    assert.equal(claims['preferred_username'], sb.clientUser.email);
    assert.equal(claims['locale'], 'en');
  });
});

describe('authorize: the library\'s checks, in its order', () => {
  async function authorizeError(params: Record<string, string>): Promise<Record<string, unknown>> {
    const reply = await getOnce(authorizeUrl(params));
    assert.equal(reply.status, 400);
    return JSON.parse(reply.body) as Record<string, unknown>;
  }
  async function redirectError(params: Record<string, string>): Promise<URLSearchParams> {
    const reply = await getOnce(authorizeUrl(params));
    assert.equal(reply.status, 302);
    assert.ok(reply.location);
    assert.equal(`${reply.location.origin}${reply.location.pathname}`, REDIRECT, 'the error goes back to the client');
    return reply.location.searchParams;
  }
  const valid = (): Record<string, string> => ({ client_id: app.clientIdentifier, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' });

  test('no client_id and an unknown one: 400 invalid_client', async () => {
    const withoutClient = without(valid(), 'client_id');
    assert.deepEqual(await authorizeError(withoutClient), { error: 'invalid_client', error_description: 'No client id supplied' });
    assert.deepEqual(await authorizeError({ ...valid(), client_id: 'WHMCS.unknown' }), { error: 'invalid_client', error_description: 'The client id supplied is invalid' });
  });

  test('a redirect URI that is not registered exactly (string compare): 400 redirect_uri_mismatch', async () => {
    for (const near of [`${REDIRECT}/`, REDIRECT.toUpperCase(), `${REDIRECT}?x=1`, 'http://127.0.0.1:9/Callback']) {
      const body = await authorizeError({ ...valid(), redirect_uri: near });
      assert.equal(body['error'], 'redirect_uri_mismatch', near);
      assert.equal(body['error_description'], 'The redirect URI provided is missing or does not match');
    }
  });

  test('a fragment: 400 invalid_uri', async () => {
    const body = await authorizeError({ ...valid(), redirect_uri: `${REDIRECT}#frag` });
    assert.deepEqual([body['error'], body['error_description']], ['invalid_uri', 'The redirect URI must not contain a fragment']);
  });

  test('several registered and none sent: 400 invalid_uri; one registered and none sent: that one', async () => {
    const several = sb.state.addCredential({ name: 'Several', grantTypes: 'authorization_code', redirectUri: [REDIRECT, 'http://127.0.0.1:9/other'] });
    const withoutRedirect = without(valid(), 'redirect_uri');
    const body = await authorizeError({ ...withoutRedirect, client_id: several.clientIdentifier });
    assert.deepEqual([body['error'], body['error_description']], ['invalid_uri', 'A redirect URI must be supplied when multiple redirect URIs are registered']);
    const params = await redirectError({ ...withoutRedirect, response_type: 'bogus' });
    assert.equal(params.get('error'), 'invalid_request', 'the only registered URI is used');
  });

  test('nothing registered: any redirect URI is accepted; nothing registered nor sent: 400 invalid_uri', async () => {
    const open = sb.state.addCredential({ name: 'Open', grantTypes: 'authorization_code', redirectUri: [] });
    const anywhere = 'https://anywhere.example/cb';
    const reply = await getOnce(authorizeUrl({ ...valid(), client_id: open.clientIdentifier, redirect_uri: anywhere }));
    assert.equal(reply.status, 302);
    assert.equal(reply.location?.pathname, '/whmcs/login.php');
    const withoutRedirect = without(valid(), 'redirect_uri');
    const body = await authorizeError({ ...withoutRedirect, client_id: open.clientIdentifier });
    assert.deepEqual([body['error'], body['error_description']], ['invalid_uri', 'No redirect URI was supplied or stored']);
  });

  test('response_type missing or implicit: redirected invalid_request / unsupported_response_type', async () => {
    const withoutType = without(valid(), 'response_type');
    const missing = await redirectError(withoutType);
    assert.deepEqual([missing.get('error'), missing.get('error_description'), missing.get('state')], ['invalid_request', 'Invalid or missing response type', 's']);
    const implicit = await redirectError({ ...valid(), response_type: 'id_token token' });
    assert.equal(implicit.get('error'), 'unsupported_response_type');
  });

  test('a single_sign_on credential cannot sign a person in: redirected unauthorized_client', async () => {
    const sso = sb.state.addCredential({ name: 'SSO', grantTypes: 'single_sign_on', scope: 'clientarea:sso', serviceId: 1, redirectUri: [] });
    const params = await redirectError({ ...valid(), client_id: sso.clientIdentifier });
    assert.deepEqual([params.get('error'), params.get('error_description'), params.get('state')], ['unauthorized_client', 'The grant type is unauthorized for this client_id', 's']);
  });

  test('a scope beyond openid/email/profile and the credential\'s own: redirected invalid_scope', async () => {
    const params = await redirectError({ ...valid(), scope: 'openid clientarea:invoices' });
    assert.deepEqual([params.get('error'), params.get('error_description'), params.get('state')], ['invalid_scope', 'An unsupported scope was requested', 's']);
    const own = await getOnce(authorizeUrl({ ...valid(), scope: 'openid email profile clientarea:profile' }));
    assert.equal(own.location?.pathname, '/whmcs/login.php', "the credential's own scope is accepted");
  });

  test('no state: redirected invalid_request without state', async () => {
    const withoutState = without(valid(), 'state');
    const params = await redirectError(withoutState);
    assert.deepEqual([params.get('error'), params.get('error_description'), params.has('state')], ['invalid_request', 'The state parameter is required', false]);
  });

  test('PKCE and other extra parameters are tolerated; the kept request drops them across the login page', async () => {
    const client = new FormClient();
    const first = await client.get(authorizeUrl({ ...valid(), code_challenge: 'abc', code_challenge_method: 'S256', prompt: 'login' }));
    assert.equal(first.status, 302);
    const login = await client.get(first.location ?? '');
    const back = await client.postForm(`${sb.url}/dologin.php`, { token: csrfToken(login.text), username: sb.clientUser.email, password: sb.clientUser.password });
    const kept = new URL(back.location ?? '');
    assert.equal(kept.pathname, '/whmcs/oauth/authorize.php');
    assert.deepEqual([...kept.searchParams.keys()].sort(), ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']);
  });

  test('a wrong password stays on the login page; an emailed address is case-insensitive', async () => {
    const client = new FormClient();
    const login = await client.get(`${sb.url}/login.php`);
    const wrong = await client.postForm(`${sb.url}/dologin.php`, { token: csrfToken(login.text), username: sb.clientUser.email, password: 'not-it' });
    assert.equal(wrong.location, `${sb.url}/login.php?incorrect=true`);
    assert.match((await client.get(wrong.location)).text, /Login Details Incorrect/);
    const right = await client.postForm(`${sb.url}/dologin.php`, { token: csrfToken(login.text), username: sb.clientUser.email.toUpperCase(), password: sb.clientUser.password });
    assert.equal(right.location, `${sb.url}/clientarea.php`);
  });

  test('forms without the session\'s CSRF token are refused', async () => {
    const client = new FormClient();
    await client.get(`${sb.url}/login.php`);
    const login = await client.postForm(`${sb.url}/dologin.php`, { token: 'forged', username: sb.clientUser.email, password: sb.clientUser.password });
    assert.equal(login.status, 400);
    const consent = await new FormClient().postForm(`${sb.url}/oauth/authorize.php`, { userAuthorization: 'yes' });
    assert.equal(consent.status, 400);
  });

  test('decline: redirected access_denied with the state', async () => {
    const { location } = await signInOverHttp(new FormClient(), codeRequest(app, { state: 'st-no' }), sb.clientUser, 'decline');
    const params = new URL(location).searchParams;
    assert.deepEqual([params.get('error'), params.get('state'), params.has('code')], ['access_denied', 'st-no', false]);
  });
});

describe('token: client authentication', () => {
  let plusSlash: StoredCredential;
  before(() => {
    plusSlash = sb.state.addCredential({ name: 'Plus', grantTypes: 'authorization_code', redirectUri: [REDIRECT], clientSecret: 'aGVsbG8+d29ybGQ/Zm9v+YmFy/ZQ==' });
  });

  test('HTTP Basic with the secret exactly as stored works', async () => {
    const code = await approvedCode(plusSlash);
    const token = await postToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, basic(plusSlash.clientIdentifier, plusSlash.clientSecret));
    assert.equal(token.status, 200);
    assert.ok(token.body['id_token']);
  });

  test('HTTP Basic with a form-encoded secret (RFC 6749 2.3.1) fails: no URL-decoding', async () => {
    const code = await approvedCode(plusSlash);
    const encoded = basic(encodeURIComponent(plusSlash.clientIdentifier), encodeURIComponent(plusSlash.clientSecret));
    const token = await postToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, encoded);
    assert.deepEqual([token.status, token.body], [400, { error: 'invalid_client', error_description: 'The client credentials are invalid' }]);
    const retry = await postToken(redeemBody(code, plusSlash));
    assert.equal(retry.status, 200, 'the same secret in the body (form-decoded as it should be) works, and the code was not spent');
  });

  test('no credentials, a wrong secret, no secret', async () => {
    const code = await approvedCode();
    assert.deepEqual((await postToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).body, {
      error: 'invalid_client',
      error_description: 'Client credentials were not found in the headers or body',
    });
    assert.deepEqual((await postToken({ ...redeemBody(code), client_secret: 'wrong' })).body, { error: 'invalid_client', error_description: 'The client credentials are invalid' });
    const noSecret = without(redeemBody(code), 'client_secret');
    assert.equal((await postToken(noSecret)).body['error'], 'invalid_client');
  });

  test('after Reset Client Secret (over the API) the old secret fails at once and the new one works', async () => {
    const resettable = sb.state.addCredential({ name: 'Reset', grantTypes: 'authorization_code', redirectUri: [REDIRECT] });
    const code = await approvedCode(resettable);
    const api = await fetch(sb.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'UpdateOAuthCredential', identifier: sb.apiCredential.identifier, secret: sb.apiCredential.secret, credentialId: String(resettable.credentialId), resetSecret: '1', responsetype: 'json' }).toString(),
    });
    const { newClientSecret } = (await api.json()) as { newClientSecret: string };
    assert.ok(newClientSecret);
    assert.equal((await postToken(redeemBody(code, resettable))).body['error'], 'invalid_client');
    assert.equal((await postToken({ ...redeemBody(code, resettable), client_secret: newClientSecret })).status, 200);
  });
});

describe('token: codes', () => {
  test('a code works once', async () => {
    const code = await approvedCode();
    assert.equal((await postToken(redeemBody(code))).status, 200);
    assert.deepEqual(await postToken(redeemBody(code)), {
      status: 400,
      body: { error: 'invalid_grant', error_description: "Authorization code doesn't exist or is invalid for the client" },
    });
  });

  test('a code expires (lifetime configurable; here 0 s)', async () => {
    const short = await createSandbox({ seed: false, oidcCodeLifetimeSeconds: 0 });
    try {
      const credential = short.state.addCredential({ name: 'Short', grantTypes: 'authorization_code', redirectUri: [REDIRECT] });
      const url = `${short.url}/oauth/authorize.php?${new URLSearchParams({ client_id: credential.clientIdentifier, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' }).toString()}`;
      const { location } = await signInOverHttp(new FormClient(), url, short.clientUser, 'approve');
      const issuedBy = Math.floor(Date.now() / 1000);
      // The condition itself: the clock has left the second the code was issued in.
      while (Math.floor(Date.now() / 1000) <= issuedBy) await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await fetch(`${short.url}/oauth/token.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...redeemBody(new URL(location).searchParams.get('code') ?? '', credential) }).toString(),
      });
      assert.deepEqual([response.status, await response.json()], [400, { error: 'invalid_grant', error_description: 'The authorization code has expired' }]);
    } finally {
      await short.close();
    }
  });

  test("another client's code: invalid_grant; the code still works for its own client", async () => {
    const other = sb.state.addCredential({ name: 'Other', grantTypes: 'authorization_code', redirectUri: [REDIRECT] });
    const code = await approvedCode();
    assert.deepEqual((await postToken(redeemBody(code, other))).body, { error: 'invalid_grant', error_description: "authorization_code doesn't exist or is invalid for the client" });
    assert.equal((await postToken(redeemBody(code))).status, 200);
  });

  test('the code is bound to the redirect URI the request named: missing or different is redirect_uri_mismatch', async () => {
    const code = await approvedCode();
    const withoutRedirect = without(redeemBody(code), 'redirect_uri');
    for (const body of [withoutRedirect, { ...redeemBody(code), redirect_uri: `${REDIRECT}/x` }]) {
      const token = await postToken(body);
      assert.equal(token.status, 400);
      assert.equal(token.body['error'], 'redirect_uri_mismatch');
      assert.equal(token.body['error_description'], 'The redirect URI is missing or do not match');
    }
    assert.equal((await postToken(redeemBody(code))).status, 200);
  });

  test('a code issued without redirect_uri (one registered) is redeemed without one', async () => {
    const { location } = await signInOverHttp(new FormClient(), authorizeUrl({ client_id: app.clientIdentifier, response_type: 'code', scope: 'openid', state: 's' }), sb.clientUser, 'approve');
    const withoutRedirect = without(redeemBody(new URL(location).searchParams.get('code') ?? ''), 'redirect_uri');
    assert.equal((await postToken(withoutRedirect)).status, 200);
  });

  test('a credential switched to single_sign_on after the code: unauthorized_client', async () => {
    const switching = sb.state.addCredential({ name: 'Switching', grantTypes: 'authorization_code', redirectUri: [REDIRECT] });
    const code = await approvedCode(switching);
    sb.state.saveCredential({ ...switching, grantTypes: 'single_sign_on' });
    assert.deepEqual((await postToken(redeemBody(code, switching))).body, { error: 'unauthorized_client', error_description: 'The grant type is unauthorized for this client_id' });
  });

  test('GET, no grant_type, another grant_type', async () => {
    const get = await fetch(`${sb.url}/oauth/token.php`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
    assert.equal(((await get.json()) as Record<string, unknown>)['error'], 'invalid_request');
    assert.equal((await postToken({ code: 'x' })).body['error_description'], 'The grant type was not specified in the request');
    assert.deepEqual((await postToken({ grant_type: 'refresh_token' })).body, { error: 'unsupported_grant_type', error_description: 'Grant type "refresh_token" not supported' });
  });

  test('without openid in the scope there is no ID token, and userinfo refuses the token', async () => {
    const code = await approvedCode(app, { scope: 'profile' });
    const token = await postToken(redeemBody(code));
    assert.equal(token.status, 200);
    assert.equal(token.body['id_token'], undefined);
    const userinfo = await fetch(`${sb.url}/oauth/userinfo.php?access_token=${String(token.body['access_token'])}`);
    assert.equal(userinfo.status, 403);
    assert.equal(((await userinfo.json()) as Record<string, unknown>)['error'], 'insufficient_scope');
  });
});

describe('userinfo', () => {
  let accessToken = '';
  before(async () => {
    accessToken = String((await postToken(redeemBody(await approvedCode(app, { scope: 'openid profile' })))).body['access_token']);
  });

  test('?access_token= works, and the claims follow the scope (no email without email)', async () => {
    const response = await fetch(`${sb.url}/oauth/userinfo.php?access_token=${accessToken}`);
    assert.equal(response.status, 200);
    const claims = (await response.json()) as Record<string, unknown>;
    assert.equal(claims['name'], 'Sandbox Client');
    assert.equal(claims['email'], undefined);
  });

  test('no token: 401 with a Bearer challenge; an unknown one: invalid_token; two at once: invalid_request', async () => {
    const none = await fetch(`${sb.url}/oauth/userinfo.php`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="Service"');
    const unknown = await fetch(`${sb.url}/oauth/userinfo.php`, { headers: { authorization: 'Bearer 0000' } });
    assert.equal(unknown.status, 401);
    assert.equal(((await unknown.json()) as Record<string, unknown>)['error'], 'invalid_token');
    const both = await fetch(`${sb.url}/oauth/userinfo.php?access_token=${accessToken}`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(both.status, 400);
    assert.equal(((await both.json()) as Record<string, unknown>)['error'], 'invalid_request');
  });
});

describe('faults', () => {
  const jwks = (): ReturnType<typeof createRemoteJWKSet> => createRemoteJWKSet(new URL(`${sb.url}/oauth/certs.php`));
  async function idToken(): Promise<string> {
    return String((await postToken(redeemBody(await approvedCode()))).body['id_token']);
  }

  test('expireCodes: a fresh code is already expired', async () => {
    const code = await approvedCode();
    sb.oidcFaults.set({ expireCodes: true });
    assert.deepEqual((await postToken(redeemBody(code))).body, { error: 'invalid_grant', error_description: 'The authorization code has expired' });
    sb.oidcFaults.clear();
    assert.equal((await postToken(redeemBody(code))).status, 200);
  });

  test('rotatedSigningKey: signed by a key whose kid the JWKS does not list', async () => {
    sb.oidcFaults.set({ rotatedSigningKey: true });
    const token = await idToken();
    const served = ((await (await fetch(`${sb.url}/oauth/certs.php`)).json()) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid);
    assert.ok(!served.includes(decodeProtectedHeader(token).kid ?? ''));
    await assert.rejects(jwtVerify(token, jwks(), { issuer: sb.url }), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  test('wrongIssuer: iss differs from the discovery issuer', async () => {
    sb.oidcFaults.set({ wrongIssuer: true });
    const token = await idToken();
    assert.equal(decodeJwt(token).iss, WRONG_ISSUER);
    await assert.rejects(jwtVerify(token, jwks(), { issuer: sb.url }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
  });

  test('clockSkewSeconds: iat and exp shift (an hour behind: already expired)', async () => {
    sb.oidcFaults.set({ clockSkewSeconds: -7200 });
    const before = Math.floor(Date.now() / 1000);
    const token = await idToken();
    const { iat = 0, exp = 0 } = decodeJwt(token);
    assert.ok(iat <= before - 7200 + 2 && iat >= before - 7200, `iat ${iat - before} s from now`);
    assert.equal(exp - iat, 3600);
    await assert.rejects(jwtVerify(token, jwks(), { issuer: sb.url }), { code: 'ERR_JWT_EXPIRED' });
  });

  test('tokenDelayMs: the token endpoint answers late', async () => {
    const code = await approvedCode();
    sb.oidcFaults.set({ tokenDelayMs: 400 });
    const started = performance.now();
    const token = await postToken(redeemBody(code));
    assert.ok(performance.now() - started >= 400);
    assert.equal(token.status, 200);
  });

  test('POST <base>/__sandbox/oidc-faults sets them (merged), GET shows them, DELETE and POST reset clear them', async () => {
    const control = `${sb.url}/__sandbox/oidc-faults`;
    const post = (body: string): Promise<Response> => fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal((await post('{"wrongIssuer":true}')).status, 200);
    assert.equal((await post('{"clockSkewSeconds":30}')).status, 200);
    assert.deepEqual(await (await fetch(control)).json(), { oidcFaults: { wrongIssuer: true, clockSkewSeconds: 30 } });
    assert.equal(decodeJwt(await idToken()).iss, WRONG_ISSUER);
    assert.equal((await post('{"wrongIssuer":"yes"}')).status, 400);
    assert.equal((await post('{"unknownFault":true}')).status, 400);
    assert.equal((await fetch(control, { method: 'DELETE' })).status, 200);
    assert.deepEqual(sb.oidcFaults.get(), {});
    await post('{"expireCodes":true}');
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    assert.deepEqual(sb.oidcFaults.get(), {});
    app = sb.state.addCredential({ ...app, credentialId: app.credentialId }); // reset restored the seed (none)
  });
});

describe('request log', () => {
  test('OIDC requests are logged by page and parameter names; no secret, code or token in it', async () => {
    sb.resetStats();
    const code = await approvedCode();
    const token = await postToken({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, basic(app.clientIdentifier, app.clientSecret));
    const accessToken = String(token.body['access_token']);
    await fetch(`${sb.url}/oauth/userinfo.php`, { headers: { authorization: `Bearer ${accessToken}` } });
    const log = sb.requests();
    assert.deepEqual(
      log.map((entry) => entry.action),
      ['oauth/authorize.php', 'login.php', 'dologin.php', 'oauth/authorize.php', 'oauth/authorize.php', 'oauth/token.php', 'oauth/userinfo.php'],
    );
    const tokenEntry = log.find((entry) => entry.action === 'oauth/token.php');
    assert.deepEqual(tokenEntry, { action: 'oauth/token.php', params: ['grant_type', 'code', 'redirect_uri'], authorization: 'Basic' });
    const text = JSON.stringify(log);
    for (const secret of [app.clientSecret, code, accessToken, sb.clientUser.password, String(token.body['id_token'])]) assert.ok(!text.includes(secret));
  });
});
