// The sandbox's OpenID Connect provider, over real loopback sockets with plain fetch, against
// /work/shared/whmcs-oauth-api.md ("The OpenID Connect provider") and bshaffer/oauth2-server-php.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createSandbox, type Sandbox, type StoredCredential } from '../../sandbox';
import { FormClient, signInOverHttp } from './support/oidcHttp';

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
