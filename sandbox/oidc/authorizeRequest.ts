// The checks of the library's AuthorizeController::validateAuthorizeRequest, in its order, over
// the sandbox's credentials. The first failure answers: before a redirect URI is settled, with a
// 400 JSON error; after, by a redirect to the client.
import { htmlEscape } from '../htmlEscape';
import type { Params } from '../params';
import type { SandboxState, StoredCredential } from '../state';
import { oauthError, type OAuthError } from './oauthErrors';

/** An authorize request that passed every check. */
export interface AuthorizeRequest {
  readonly clientId: string;
  readonly credentialId: number;
  /** Where the answer goes: the supplied redirect_uri, else the only registered one. */
  readonly redirectUri: string;
  /** What the request named (the code is bound to it); undefined when it named none. */
  readonly suppliedRedirectUri: string | undefined;
  readonly scope: string;
  readonly state: string;
  readonly nonce: string | undefined;
}

export type AuthorizeCheck =
  | { readonly kind: 'ok'; readonly request: AuthorizeRequest }
  | { readonly kind: 'error'; readonly error: OAuthError }
  | { readonly kind: 'redirect'; readonly redirectUri: string; readonly state: string | undefined; readonly error: string; readonly description: string };

/** What WHMCS grants besides a credential's own scopes, and what a request without scope gets. */
export const OPENID_SCOPES = ['openid', 'email', 'profile'] as const;
const DEFAULT_SCOPE = 'profile';

const VALID_RESPONSE_TYPES = ['token', 'code', 'id_token', 'id_token token', 'code id_token'];

/** The library's exact match (strcmp), against values stored HTML-escaped as WHMCS stores them. */
function isRegistered(supplied: string, credential: StoredCredential): boolean {
  const escaped = htmlEscape(supplied);
  return credential.redirectUri.some((registered) => registered === escaped);
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|quot|#039|lt|gt);/g, (_, entity: string) =>
    entity === 'amp' ? '&' : entity === 'quot' ? '"' : entity === '#039' ? "'" : entity === 'lt' ? '<' : '>',
  );
}

/** Multi-valued response types are compared sorted, as the library sorts them. */
function sortedResponseType(value: string): string {
  return value.includes(' ') ? value.split(' ').sort().join(' ').replace(/^ +/, '') : value;
}

export function grantsAuthorizationCode(credential: StoredCredential): boolean {
  return credential.grantTypes.split(' ').includes('authorization_code');
}

export function checkAuthorizeRequest(query: Params, state: SandboxState): AuthorizeCheck {
  const fail = (error: OAuthError): AuthorizeCheck => ({ kind: 'error', error });
  const clientId = query.string('client_id') ?? '';
  if (clientId === '') return fail(oauthError(400, 'invalid_client', 'No client id supplied'));
  const credential = state.findCredentialByIdentifier(clientId);
  if (!credential) return fail(oauthError(400, 'invalid_client', 'The client id supplied is invalid'));

  const supplied = query.string('redirect_uri') || undefined;
  let redirectUri: string;
  if (supplied !== undefined) {
    const hashAt = supplied.indexOf('#');
    if (hashAt >= 0 && hashAt < supplied.length - 1) return fail(oauthError(400, 'invalid_uri', 'The redirect URI must not contain a fragment'));
    if (credential.redirectUri.length > 0 && !isRegistered(supplied, credential)) {
      return fail(oauthError(400, 'redirect_uri_mismatch', 'The redirect URI provided is missing or does not match', '#section-3.1.2'));
    }
    redirectUri = supplied;
  } else {
    const [only, ...others] = credential.redirectUri;
    if (only === undefined) return fail(oauthError(400, 'invalid_uri', 'No redirect URI was supplied or stored'));
    if (others.length > 0) {
      return fail(oauthError(400, 'invalid_uri', 'A redirect URI must be supplied when multiple redirect URIs are registered', '#section-3.1.2.3'));
    }
    redirectUri = unescapeHtml(only);
  }

  const responseType = sortedResponseType(query.string('response_type') ?? '');
  const stateParam = query.string('state') || undefined;
  const redirect = (error: string, description: string, withState = true): AuthorizeCheck => ({
    kind: 'redirect',
    redirectUri,
    state: withState ? stateParam : undefined,
    error,
    description,
  });
  if (!VALID_RESPONSE_TYPES.includes(responseType)) return redirect('invalid_request', 'Invalid or missing response type');
  if (responseType !== 'code') return redirect('unsupported_response_type', 'implicit grant type not supported');
  if (!grantsAuthorizationCode(credential)) return redirect('unauthorized_client', 'The grant type is unauthorized for this client_id');

  const requested = query.string('scope') || undefined;
  const available = new Set([...credential.scope.split(' ').filter(Boolean), ...OPENID_SCOPES]);
  if (requested !== undefined && !requested.trim().split(' ').every((scope) => available.has(scope))) {
    return redirect('invalid_scope', 'An unsupported scope was requested');
  }
  if (stateParam === undefined) return redirect('invalid_request', 'The state parameter is required', false);

  return {
    kind: 'ok',
    request: {
      clientId,
      credentialId: credential.credentialId,
      redirectUri,
      suppliedRedirectUri: supplied,
      scope: requested ?? DEFAULT_SCOPE,
      state: stateParam,
      nonce: query.string('nonce') || undefined,
    },
  };
}
