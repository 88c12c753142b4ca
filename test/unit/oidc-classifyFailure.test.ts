// From what the provider said (or what openid-client threw) to the failure a person reads: one
// code, a meaning, and one fix. The errors are the real classes of openid-client / oauth4webapi.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationResponseError, ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { clockSkewFailure, concernsIdToken, failureFromError, failureFromRedirect, type FailureContext } from '../../src/core/oidc/classifyFailure';
import { TransportError } from '../../src/core/whmcs/errors';

const context: FailureContext = {
  redirectUri: 'http://127.0.0.1:53682/whmcs-oauth/callback',
  requestedScopes: ['openid', 'profile', 'email', 'clientarea:billing_info'],
  extraScopes: ['clientarea:billing_info'],
  credentialScopes: ['clientarea:profile'],
  expectedIssuer: 'https://billing.example.com',
};

function bodyError(error: string, description?: string, status = 400): ResponseBodyError {
  const cause = { error, ...(description ? { error_description: description } : {}) };
  return new ResponseBodyError('server responded with an error in the response body', { cause, response: new Response('', { status }) } as never);
}

/** What openid-client throws for an ID token check: a ClientError around oauth4webapi's error. */
function idTokenError(code: string, message: string, detail: Record<string, unknown>): ClientError {
  const inner = Object.assign(new Error(message, { cause: detail }), { code });
  return new ClientError('wrapped', { cause: inner, code } as never);
}

describe('the redirect back from authorize', () => {
  const redirect = (query: string) => failureFromRedirect(new URLSearchParams(query), context);

  test('access_denied and consent_required: the person declined; retry', () => {
    for (const error of ['access_denied', 'consent_required']) {
      const failure = redirect(`error=${error}&error_description=The+user+denied+access+to+your+application&state=s`);
      assert.equal(failure.code, 'accessDenied');
      assert.equal(failure.fix.kind, 'retry');
      assert.deepEqual(failure.serverError, { error, description: 'The user denied access to your application' });
    }
  });

  test('invalid_scope: leave out the extra scope the credential does not have', () => {
    const failure = redirect('error=invalid_scope&error_description=An+unsupported+scope+was+requested');
    assert.equal(failure.code, 'invalidScope');
    assert.deepEqual(failure.fix, { kind: 'removeScope', label: 'Leave out the scope clientarea:billing_info', value: 'clientarea:billing_info' });
  });

  test('unauthorized_client: use an authorization_code credential', () => {
    const failure = redirect('error=unauthorized_client');
    assert.equal(failure.code, 'unauthorizedClient');
    assert.equal(failure.fix.kind, 'useAuthorizationCodeCredential');
    assert.equal(failure.serverError?.description, undefined);
  });

  test('redirect_uri_mismatch: register the URI that was sent', () => {
    const failure = redirect('error=redirect_uri_mismatch');
    assert.equal(failure.code, 'redirectUriMismatch');
    assert.deepEqual(failure.fix, { kind: 'registerRedirectUri', label: `Register ${context.redirectUri}`, value: context.redirectUri });
  });

  test('invalid_client at authorize is an unknown client, not a rejected secret', () => {
    assert.equal(redirect('error=invalid_client').code, 'invalidClient');
  });

  test('an unknown error is the server\'s, with its words; control characters are dropped', () => {
    const failure = redirect('error=temporarily_unavailable&error_description=down%0A%1B[31mfor+maintenance');
    assert.equal(failure.code, 'serverError');
    assert.equal(failure.serverError?.description, 'down [31mfor maintenance');
  });
});

describe('the token endpoint', () => {
  test('invalid_client: the secret was reset since it was stored; store the current one', () => {
    const failure = failureFromError(bodyError('invalid_client', 'The client credentials are invalid'), 'token', context, false);
    assert.equal(failure.code, 'secretRejected');
    assert.equal(failure.fix.kind, 'storeCurrentSecret');
    assert.match(failure.meaning, /reset since it was stored/);
    assert.deepEqual(failure.serverError, { error: 'invalid_client', description: 'The client credentials are invalid' });
  });

  test('a bare 401 challenge is a rejected secret too', () => {
    const error = new WWWAuthenticateChallengeError('challenge', { cause: [{ scheme: 'basic', parameters: { realm: 'Service' } }], response: new Response('', { status: 401 }) } as never);
    assert.equal(failureFromError(error, 'token', context, false).code, 'secretRejected');
  });

  test('invalid_grant: the code expired or was used; retry', () => {
    const failure = failureFromError(bodyError('invalid_grant', 'The authorization code has expired'), 'token', context, false);
    assert.equal(failure.code, 'codeRejected');
    assert.equal(failure.fix.kind, 'retry');
  });

  test('redirect_uri_mismatch at the token endpoint', () => {
    assert.equal(failureFromError(bodyError('redirect_uri_mismatch'), 'token', context, false).code, 'redirectUriMismatch');
  });

  test('a network failure keeps the transport words and hint', () => {
    const error = new ClientError('something went wrong', { cause: new TransportError('Connection refused by https://billing.example.com.', 'refused', false, 'Check the URL and port.') });
    const failure = failureFromError(error, 'token', context, false);
    assert.equal(failure.code, 'transport');
    assert.equal(failure.meaning, 'Connection refused by https://billing.example.com. Check the URL and port.');
  });

  test('whatever failed, a cancelled run is cancelled', () => {
    assert.equal(failureFromError(bodyError('invalid_client'), 'token', context, true).code, 'cancelled');
  });

  test('an authorization response error carried through openid-client', () => {
    const error = new AuthorizationResponseError('authorization response', { cause: new URLSearchParams('error=access_denied') } as never);
    assert.equal(failureFromError(error, 'token', context, false).code, 'accessDenied');
  });
});

describe('the ID token', () => {
  const now = 1_800_000_000;

  test('no key with its kid in the JWKS: idTokenSignature naming the kid', () => {
    const error = idTokenError('OAUTH_KEY_SELECTION_FAILED', 'error when selecting a JWT verification key, no applicable keys found', { header: { alg: 'RS256', kid: 'new-key' } });
    const failure = failureFromError(error, 'idToken', context, false);
    assert.equal(failure.code, 'idTokenSignature');
    assert.match(failure.meaning, /"new-key"/);
    assert.ok(concernsIdToken(error));
  });

  test('a signature that does not verify: idTokenSignature', () => {
    const error = idTokenError('OAUTH_INVALID_RESPONSE', 'JWT signature verification failed', { key: {} });
    assert.equal(failureFromError(error, 'idToken', context, false).code, 'idTokenSignature');
  });

  test('another iss: issuerMismatch, check the System URL, naming the token\'s issuer', () => {
    const error = idTokenError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT "iss" (issuer) claim value', { claim: 'iss', expected: 'https://billing.example.com', claims: { iss: 'https://other.example' } });
    const failure = failureFromError(error, 'idToken', context, false);
    assert.equal(failure.code, 'issuerMismatch');
    assert.deepEqual(failure.fix.kind, 'checkSystemUrl');
    assert.equal(failure.fix.value, 'https://other.example');
  });

  test('aud and nonce: idTokenClaims saying which', () => {
    for (const [claim, words] of [['aud', /another client/], ['nonce', /nonce/]] as const) {
      const error = idTokenError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', `unexpected JWT "${claim}" claim value`, { claim, claims: {} });
      const failure = failureFromError(error, 'idToken', context, false);
      assert.equal(failure.code, 'idTokenClaims');
      assert.match(failure.meaning, words);
    }
  });

  test('an expired ID token: clock skew with the difference the token shows', () => {
    const error = idTokenError('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'unexpected JWT "exp" claim value', { claim: 'exp', now, claims: { iat: now - 7200, exp: now - 3600 } });
    const failure = failureFromError(error, 'idToken', context, false);
    assert.equal(failure.code, 'idTokenClaims');
    assert.deepEqual(failure.fix, { kind: 'checkServerClock', label: 'Synchronise the clock of the WHMCS server (or this machine): -7200 s apart', value: '-7200 s' });
  });

  test('a token error is not about the ID token', () => {
    assert.equal(concernsIdToken(bodyError('invalid_grant')), false);
    assert.equal(concernsIdToken(new ClientError('something went wrong', { cause: new TransportError('x', 'refused', false, 'y') })), false);
  });

  test('clockSkewFailure: within the 30 s tolerance is fine, beyond it names the skew', () => {
    assert.equal(clockSkewFailure({ iat: now + 30, exp: now + 3630 }, now), undefined);
    assert.equal(clockSkewFailure({ iat: now - 3000, exp: now + 600 }, now), undefined);
    assert.equal(clockSkewFailure({ iat: now + 31, exp: now + 3631 }, now)?.fix.value, '+31 s');
    assert.equal(clockSkewFailure({ iat: now - 3700, exp: now - 100 }, now)?.fix.value, '-3700 s');
    assert.equal(clockSkewFailure({}, now), undefined);
  });
});

describe('userinfo and discovery', () => {
  test('userinfo invalid_token: the userinfo failure with the provider\'s words', () => {
    const failure = failureFromError(bodyError('invalid_token', 'The access token provided is invalid', 401), 'userinfo', context, false);
    assert.equal(failure.code, 'userinfo');
    assert.equal(failure.serverError?.error, 'invalid_token');
  });

  test('an unreadable discovery document', () => {
    const failure = failureFromError(new ClientError('unexpected response content-type', { code: 'OAUTH_RESPONSE_IS_NOT_JSON' } as never), 'discovery', context, false);
    assert.equal(failure.code, 'discovery');
  });
});
