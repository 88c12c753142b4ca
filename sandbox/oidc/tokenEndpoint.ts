// token.php: the library's TokenController with the authorization_code grant, in its order:
// method, grant type, client authentication, code (exists, redirect URI, expiry), client, grant
// type of the client, scope; then an access token (no refresh token) and the ID token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from '../params';
import { grantsAuthorizationCode } from './authorizeRequest';
import { authenticateClient } from './clientAuth';
import type { OidcContext } from './context';
import { nowSeconds } from './grants';
import { sendJson, sendOAuthError } from './http';
import { signIdToken } from './idToken';
import { oauthError, type OAuthError } from './oauthErrors';

function scopeWithin(requested: string, available: string): boolean {
  const have = new Set(available.trim().split(' '));
  return requested.trim().split(' ').every((scope) => have.has(scope));
}

export async function handleToken(req: IncomingMessage, res: ServerResponse, body: Params, query: Params, context: OidcContext): Promise<void> {
  const faults = context.faults.get();
  if (faults.tokenDelayMs) await context.sleep(faults.tokenDelayMs);
  const fail = (error: OAuthError, headers: Record<string, string> = {}): void => sendOAuthError(res, error, headers);

  if (req.method !== 'POST') {
    return fail(oauthError(405, 'invalid_request', 'The request method must be POST when requesting an access token', '#section-3.2'), { Allow: 'POST, OPTIONS' });
  }
  const grantType = body.string('grant_type') ?? '';
  if (grantType === '') return fail(oauthError(400, 'invalid_request', 'The grant type was not specified in the request'));
  if (grantType !== 'authorization_code') return fail(oauthError(400, 'unsupported_grant_type', `Grant type "${grantType}" not supported`));

  const client = authenticateClient(req, body, context.state);
  if (!client.ok) return fail(client.error);

  const codeValue = body.string('code') ?? '';
  if (codeValue === '') return fail(oauthError(400, 'invalid_request', 'Missing parameter: "code" is required'));
  const code = context.grants.findCode(codeValue);
  if (!code) return fail(oauthError(400, 'invalid_grant', "Authorization code doesn't exist or is invalid for the client"));
  if (code.redirectUri) {
    const sent = body.string('redirect_uri') ?? '';
    if (sent === '' || decodeURIComponentLoose(sent) !== decodeURIComponentLoose(code.redirectUri)) {
      return fail(oauthError(400, 'redirect_uri_mismatch', 'The redirect URI is missing or do not match', '#section-4.1.3'));
    }
  }
  if (faults.expireCodes || code.expires < nowSeconds()) return fail(oauthError(400, 'invalid_grant', 'The authorization code has expired'));
  if (code.clientId !== client.credential.clientIdentifier) {
    return fail(oauthError(400, 'invalid_grant', "authorization_code doesn't exist or is invalid for the client"));
  }
  if (!grantsAuthorizationCode(client.credential)) return fail(oauthError(400, 'unauthorized_client', 'The grant type is unauthorized for this client_id'));
  const requestedScope = query.string('scope') || body.string('scope') || undefined;
  if (requestedScope !== undefined && !scopeWithin(requestedScope, code.scope)) {
    return fail(oauthError(400, 'invalid_scope', 'The scope requested is invalid for this request'));
  }
  const scope = requestedScope ?? code.scope;

  const access = context.grants.issueAccessToken({ clientId: code.clientId, userId: code.userId, scope });
  const answer: Record<string, unknown> = { access_token: access.token, expires_in: access.expiresIn, token_type: 'Bearer', scope };
  if (code.scope.split(' ').includes('openid')) answer['id_token'] = await signIdToken(code, context);
  context.grants.expireCode(codeValue);
  sendJson(res, 200, answer);
}

/** PHP urldecode: "+" is a space, bad escapes are kept. */
function decodeURIComponentLoose(text: string): string {
  return text.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
