// The library's HttpBasic client assertion: HTTP Basic first (PHP_AUTH_USER / PHP_AUTH_PW, which
// PHP takes from the base64 text as is: NO URL-decoding), else client_id / client_secret in the
// body; the secret compared with the credential's current one.
import type { IncomingMessage } from 'node:http';
import type { Params } from '../params';
import type { SandboxState, StoredCredential } from '../state';
import { oauthError, type OAuthError } from './oauthErrors';

/** What PHP puts in PHP_AUTH_USER / PHP_AUTH_PW: only for "Basic " with a colon in the decoded text. */
export function phpBasicAuth(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type ClientAuthentication = { ok: true; credential: StoredCredential } | { ok: false; error: OAuthError };

export function authenticateClient(req: IncomingMessage, body: Params, state: SandboxState): ClientAuthentication {
  const basic = phpBasicAuth(req);
  let clientId: string;
  let secret: string | undefined;
  if (basic) {
    clientId = basic.user;
    secret = basic.password;
  } else if (body.has('client_id')) {
    clientId = body.string('client_id') ?? '';
    secret = body.string('client_secret');
  } else {
    return { ok: false, error: oauthError(400, 'invalid_client', 'Client credentials were not found in the headers or body') };
  }
  const credential = state.findCredentialByIdentifier(clientId);
  if (secret === undefined || secret === '') {
    // Public clients are allowed, but every WHMCS credential has a secret.
    return { ok: false, error: oauthError(400, 'invalid_client', 'This client is invalid or must authenticate using a client secret') };
  }
  if (!credential || credential.clientSecret !== secret) {
    return { ok: false, error: oauthError(400, 'invalid_client', 'The client credentials are invalid') };
  }
  return { ok: true, credential };
}
