// Which failure a provider answer or a thrown error means. Errors are recognised by their `code`
// and fields, not by instanceof: openid-client, oauth4webapi and our transport errors may come
// from another bundle's copy of their classes.
import { failures } from './failures';
import type { SignInFailure } from './signInReport';

export interface FailureContext {
  redirectUri: string;
  requestedScopes: readonly string[];
  extraScopes: readonly string[];
  /** The credential's own scopes, to guess which requested scope WHMCS refused. */
  credentialScopes: readonly string[];
  /** The server's base URL without trailing slash: the issuer WHMCS should announce. */
  expectedIssuer: string;
}

export type ProviderError = NonNullable<SignInFailure['serverError']>;

/** The step a thrown error is classified for; the same error means different things in each. */
export type FailingStep = 'discovery' | 'authorize' | 'token' | 'idToken' | 'userinfo';

/** Allowed ID token clock difference, the same as openid-client's default tolerance. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** An `error` sent back to the redirect URI (authorize step). */
export function failureFromRedirect(params: URLSearchParams, context: FailureContext): SignInFailure {
  const serverError = providerErrorOf(params.get('error') ?? '', params.get('error_description'));
  return failureForProviderError(serverError, 'authorize', context);
}

/** The failure a provider's `error` code means at this step. */
export function failureForProviderError(serverError: ProviderError, step: FailingStep, context: FailureContext): SignInFailure {
  switch (serverError.error) {
    case 'access_denied':
    case 'consent_required':
    case 'login_required':
    case 'interaction_required':
      return failures.accessDenied(serverError);
    case 'invalid_scope':
      return failures.invalidScope(refusedScopeGuess(context), serverError);
    case 'unauthorized_client':
    case 'unsupported_response_type':
      return failures.unauthorizedClient(serverError);
    case 'redirect_uri_mismatch':
    case 'invalid_uri':
      return failures.redirectUriMismatch(context.redirectUri, serverError);
    case 'invalid_client':
      return step === 'token' ? failures.secretRejected(serverError) : failures.invalidClient(serverError);
    case 'invalid_grant':
      return step === 'token' ? failures.codeRejected(serverError) : failures.serverError(describe(serverError), serverError);
    case 'invalid_token':
    case 'insufficient_scope':
      return step === 'userinfo' ? failures.userinfo(describe(serverError), serverError) : failures.serverError(describe(serverError), serverError);
    default:
      return step === 'userinfo'
        ? failures.userinfo(describe(serverError), serverError)
        : failures.serverError(describe(serverError), serverError);
  }
}

/** A thrown error at `step`; `cancelled` says the caller's signal fired. */
export function failureFromError(error: unknown, step: FailingStep, context: FailureContext, cancelled: boolean): SignInFailure {
  if (cancelled) return failures.cancelled();
  const chain = causeChain(error);
  const transport = chain.find((e) => e['kind'] === 'transport' && typeof e['hint'] === 'string');
  if (transport) return failures.transport(String(transport['message']), String(transport['hint']));
  const provider = providerErrorIn(chain);
  if (provider) return failureForProviderError(provider, step, context);
  const codes = chain.map((e) => String(e['code'] ?? ''));
  if (codes.includes('OAUTH_TIMEOUT') || codes.includes('OAUTH_ABORT')) {
    return failures.transport('The request to WHMCS timed out.', 'The server may be overloaded; try again.');
  }
  if (step === 'idToken') return idTokenFailure(chain, codes, context);
  const what = lastMessage(chain);
  if (step === 'userinfo') return failures.userinfo(what, undefined);
  if (step === 'discovery') return failures.discovery(what);
  return failures.serverError(what, undefined);
}

/** Whether an error thrown while processing the token response is about the ID token in it. */
export function concernsIdToken(error: unknown): boolean {
  const chain = causeChain(error);
  if (providerErrorIn(chain)) return false;
  const codes = chain.map((e) => String(e['code'] ?? ''));
  if (codes.some((code) => code === 'OAUTH_KEY_SELECTION_FAILED' || code.startsWith('OAUTH_JWT_'))) return true;
  return chain.some((e) => /JWT|ID Token|id_token/i.test(String(e['message'] ?? '')));
}

/** The failure for an ID token whose times are off by more than the tolerance; undefined when fine. */
export function clockSkewFailure(claims: { iat?: unknown; exp?: unknown }, nowSeconds: number): SignInFailure | undefined {
  const iat = typeof claims.iat === 'number' ? claims.iat : undefined;
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  if (iat !== undefined && iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    return failures.clockSkew('it was issued in the future', Math.round(iat - nowSeconds));
  }
  if (exp !== undefined && exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS) {
    return failures.clockSkew('it had already expired when it arrived', iat !== undefined ? Math.round(iat - nowSeconds) : Math.round(exp - nowSeconds));
  }
  return undefined;
}

function idTokenFailure(chain: ReadonlyArray<Record<string, unknown>>, codes: readonly string[], context: FailureContext): SignInFailure {
  const details = detailsOf(chain);
  const detail = details[0];
  const claims = details.map((d) => d['claims']).find(isRecord) ?? {};
  const claim = details.map((d) => d['claim']).find((c) => typeof c === 'string');
  const messages = chain.map((e) => String(e['message'] ?? '')).join(' | ');
  if (codes.includes('OAUTH_KEY_SELECTION_FAILED')) {
    const kid = isRecord(detail?.['header']) ? detail['header']['kid'] : undefined;
    return failures.idTokenSignature(
      typeof kid === 'string' ? `no key with the id "${kid}" in the JWKS` : 'no matching key in the JWKS',
    );
  }
  if (/signature verification failed/i.test(messages)) return failures.idTokenSignature('the signature does not match the published key');
  if (/"alg"|JWS algorithm|CryptoKey/i.test(messages)) return failures.idTokenSignature(lastMessage(chain));
  if (claim === 'iss') {
    const announced = typeof claims['iss'] === 'string' ? claims['iss'] : '(none)';
    return failures.issuerMismatch(announced, context.expectedIssuer, 'idToken');
  }
  if (codes.includes('OAUTH_JWT_TIMESTAMP_CHECK_FAILED')) {
    const skew = clockSkewFailure(claims, nowFrom(details));
    if (skew) return skew;
  }
  const named: Record<string, string> = {
    aud: 'it was issued to another client (aud)',
    azp: 'it names another authorized party (azp)',
    nonce: 'its nonce is not the one this test sent, so it may be a replayed token',
    exp: 'it has expired (exp)',
    iat: 'its issue time (iat) is wrong',
    sub: 'it names no subject (sub)',
  };
  return failures.idTokenClaims((claim && named[claim]) ?? lastMessage(chain));
}

/** The time the failed check used (oauth4webapi reports it), else now. */
function nowFrom(details: ReadonlyArray<Record<string, unknown>>): number {
  const now = details.map((d) => d['now']).find((n) => typeof n === 'number');
  return typeof now === 'number' ? now : Math.floor(Date.now() / 1000);
}

/** The provider's error from an oauth4webapi error: body error, WWW-Authenticate challenge, or redirect. */
function providerErrorIn(chain: ReadonlyArray<Record<string, unknown>>): ProviderError | undefined {
  for (const e of chain) {
    const code = e['code'];
    if ((code === 'OAUTH_RESPONSE_BODY_ERROR' || code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') && typeof e['error'] === 'string') {
      return providerErrorOf(e['error'], e['error_description']);
    }
    if (code === 'OAUTH_WWW_AUTHENTICATE_CHALLENGE') {
      const challenges = Array.isArray(e['cause']) ? (e['cause'] as unknown[]) : [];
      const parameters = challenges.map((c) => (isRecord(c) && isRecord(c['parameters']) ? c['parameters'] : undefined)).find((p) => typeof p?.['error'] === 'string');
      if (parameters) return providerErrorOf(String(parameters['error']), parameters['error_description']);
      // A bare 401 challenge at the token endpoint: the client authentication failed.
      return { error: Number(e['status']) === 401 ? 'invalid_client' : 'unknown_challenge' };
    }
  }
  return undefined;
}

function providerErrorOf(error: string, description: unknown): ProviderError {
  const text = typeof description === 'string' ? oneLine(description).slice(0, 300) : '';
  return text ? { error: oneLine(error).slice(0, 100), description: text } : { error: oneLine(error).slice(0, 100) };
}

function refusedScopeGuess(context: FailureContext): string | undefined {
  const granted = new Set(context.credentialScopes);
  return (
    context.extraScopes.find((scope) => !granted.has(scope)) ??
    context.requestedScopes.find((scope) => !granted.has(scope)) ??
    context.extraScopes[0]
  );
}

function describe(serverError: ProviderError): string {
  return serverError.description ? `${serverError.error} (${serverError.description})` : serverError.error;
}

function lastMessage(chain: ReadonlyArray<Record<string, unknown>>): string {
  // The innermost message is the most specific (openid-client wraps with a generic one).
  const messages = chain.map((e) => String(e['message'] ?? '')).filter((m) => m && m !== 'something went wrong');
  return oneLine(messages[messages.length - 1] ?? 'unknown error').slice(0, 300);
}

/** The plain-object causes oauth4webapi attaches to its errors (claims, header, now). */
function detailsOf(chain: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return chain.map((e) => e['cause']).filter((c): c is Record<string, unknown> => isRecord(c) && !(c instanceof Error));
}

function causeChain(error: unknown): Array<Record<string, unknown>> {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = error;
  while (isRecord(current) && current instanceof Error && chain.length < 6) {
    chain.push(current as unknown as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
