// Test Sign-In: proves that an authorization_code credential really signs a person in with OpenID
// Connect, the way an application would: discovery, the browser sign-in and consent coming back
// to a loopback redirect URI, the code exchanged with the client secret (client_secret_post: WHMCS
// compares Basic credentials without form-decoding them), the ID token checked in full (signature
// by a JWKS key, iss, aud, exp, iat, nonce) and userinfo read. Every outcome is a report; no token,
// code or secret ever goes into it.
import * as oidc from 'openid-client';
import type { OAuthCredential } from '../whmcs/types';
import { baseUrlOf, secureApiEndpoint } from '../whmcs/serverUrl';
import type { TransportOptions } from '../whmcs/transport';
import { clockSkewFailure, concernsIdToken, failureFromError, failureFromRedirect, type FailingStep, type FailureContext } from './classifyFailure';
import { preflightAuthorize } from './authorizePreflight';
import { discover } from './discovery';
import { failures } from './failures';
import { LoopbackPortInUseError, LoopbackReceiver } from './loopbackReceiver';
import { createOidcFetch, type OidcFetch } from './oidcFetch';
import { ReportBuilder } from './reportBuilder';
import type { SignInFailure, SignInReport, SignInStep, SignInStepId } from './signInReport';

export const BASE_SCOPES = ['openid', 'profile', 'email'] as const;

export interface SignInTestInput {
  credential: OAuthCredential;
  /** The WHMCS base URL, as the server is configured (baseUrlOf of its API endpoint). */
  serverUrl: string;
  clientSecret: string;
  /** Where WHMCS sends the browser back: http://127.0.0.1:<port>/... (see loopbackRedirectUri). */
  redirectUri: string;
  /** Requested besides openid, profile and email. */
  extraScopes: string[];
  transport: TransportOptions;
  /** Plain http to a host that is not loopback, as the server settings allow it. */
  allowInsecureHttp: boolean;
  /** Shows the authorize URL to the person (a browser); a failure to open is theirs to report. */
  openAuthorizeUrl(url: string): Promise<void> | void;
  signal?: AbortSignal | undefined;
  /** How long to wait for the sign-in to come back. */
  waitMs: number;
  onStep?(step: SignInStep): void;
}

/** Never throws for a failed check: the report says what failed. Throws only on programming errors. */
export async function runSignInTest(input: SignInTestInput): Promise<SignInReport> {
  const { credential } = input;
  const extraScopes = [...new Set(input.extraScopes.map((s) => s.trim()).filter((s) => s && !(BASE_SCOPES as readonly string[]).includes(s)))];
  const requestedScopes = [...BASE_SCOPES, ...extraScopes];
  const report = new ReportBuilder(
    {
      credentialId: credential.credentialId,
      clientIdentifier: credential.clientIdentifier,
      credentialName: credential.name,
      redirectUri: input.redirectUri,
      requestedScopes,
    },
    input.onStep,
  );
  if (!credential.grantTypes.includes('authorization_code') && credential.grantType !== 'authorization_code') {
    return report.fail('credential', `The grant type is ${credential.grantType || 'not set'}.`, failures.notAuthorizationCode(credential.grantType));
  }
  const registered = credential.redirectUris.length > 0;
  if (registered && !credential.redirectUris.includes(input.redirectUri)) {
    return report.fail('credential', `${input.redirectUri} is not a registered redirect URI.`, failures.redirectUriNotRegistered(input.redirectUri, credential.redirectUris));
  }
  if (!input.clientSecret) return report.fail('credential', 'No client secret to use.', failures.noClientSecret());
  report.pass(
    'credential',
    `authorization_code; redirect URI ${registered ? 'registered' : 'accepted (the credential registers none)'}; a client secret to use.`,
  );

  let baseUrl: string;
  try {
    baseUrl = baseUrlOf(secureApiEndpoint(input.serverUrl, input.allowInsecureHttp));
  } catch (error) {
    const { message, hint } = error as Error & { hint?: string };
    return report.fail('discovery', 'The server URL cannot be used.', failures.transport(message, hint ?? ''));
  }
  const context: FailureContext = {
    redirectUri: input.redirectUri,
    requestedScopes,
    extraScopes,
    credentialScopes: credential.scopes,
    expectedIssuer: baseUrl.replace(/\/+$/, ''),
  };
  const http = createOidcFetch({ transport: input.transport, signal: input.signal, redirectUri: input.redirectUri });
  try {
    return await signIn(input, { report, context, http, baseUrl, requestedScopes });
  } finally {
    await http.close();
  }
}

interface Run {
  report: ReportBuilder;
  context: FailureContext;
  http: OidcFetch;
  baseUrl: string;
  requestedScopes: readonly string[];
}

async function signIn(input: SignInTestInput, run: Run): Promise<SignInReport> {
  const { report, context, http } = run;
  const failWith = (step: FailingStep & SignInStepId, error: unknown) => {
    const failure = failureFromError(error, step, context, input.signal?.aborted ?? false);
    return report.fail(step, detailOf(failure), failure);
  };

  // discovery
  let discovered;
  try {
    discovered = await discover({
      baseUrl: run.baseUrl,
      expectedIssuer: context.expectedIssuer,
      clientId: input.credential.clientIdentifier,
      clientSecret: input.clientSecret,
      allowInsecureHttp: input.allowInsecureHttp,
      http,
    });
  } catch (error) {
    return failWith('discovery', error);
  }
  if (discovered.kind === 'unusable') return report.fail('discovery', discovered.what, failures.discovery(discovered.what));
  report.issuer = discovered.kind === 'ok' ? discovered.issuer : discovered.issuer;
  if (discovered.kind === 'issuerMismatch') {
    return report.fail('discovery', `The issuer is ${discovered.issuer}.`, failures.issuerMismatch(discovered.issuer, context.expectedIssuer, 'discovery'));
  }
  const { config } = discovered;
  const server = config.serverMetadata();
  report.pass('discovery', `Issuer ${discovered.issuer}; ID token keys from ${server.jwks_uri}.`);

  // authorize
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorizeUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: run.requestedScopes.join(' '),
    state,
    nonce,
  });
  let preflight;
  try {
    preflight = await preflightAuthorize(http, authorizeUrl, input.redirectUri, state);
  } catch (error) {
    return failWith('authorize', error);
  }
  if (preflight.kind === 'refused') {
    const failure = failureFromRedirect(preflight.params, context);
    return report.fail('authorize', detailOf(failure), failure);
  }
  let receiver: LoopbackReceiver;
  try {
    receiver = await LoopbackReceiver.listen(input.redirectUri, state);
  } catch (error) {
    if (!(error instanceof LoopbackPortInUseError)) throw error;
    const failure = failures.loopbackPortInUse(error.port);
    return report.fail('authorize', detailOf(failure), failure);
  }
  let outcome;
  try {
    try {
      await input.openAuthorizeUrl(authorizeUrl.href);
    } catch {
      // Opening a browser is the caller's business; the person may still open the URL shown.
    }
    outcome = await receiver.wait(input.waitMs, input.signal);
  } finally {
    await receiver.close();
  }
  if (outcome.kind === 'cancelled') return report.fail('authorize', 'Cancelled while waiting for the sign-in.', failures.cancelled());
  if (outcome.kind === 'timedOut') {
    const failure = outcome.sawOtherState ? failures.stateMismatch() : failures.timedOut(Math.round(input.waitMs / 1000));
    return report.fail('authorize', detailOf(failure), failure);
  }
  const redirect = outcome.url;
  if (redirect.searchParams.has('error')) {
    const failure = failureFromRedirect(redirect.searchParams, context);
    return report.fail('authorize', detailOf(failure), failure);
  }
  if (!redirect.searchParams.get('code')) {
    const failure = failures.serverError('the redirect carried neither a code nor an error', undefined);
    return report.fail('authorize', detailOf(failure), failure);
  }
  report.pass('authorize', `Signed in and approved; WHMCS redirected to ${input.redirectUri}.`);

  // token + idToken
  const tokenStarted = performance.now();
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, redirect, { expectedState: state, expectedNonce: nonce });
  } catch (error) {
    const answeredAt = tokenAnsweredAt(http, server.token_endpoint);
    const atJwks = http.requests.at(-1)?.url === urlKey(server.jwks_uri);
    if (answeredAt === undefined || !(atJwks || concernsIdToken(error))) return failWith('token', error);
    report.pass('token', 'The code was exchanged for tokens (client_secret_post).', answeredAt - tokenStarted);
    return failWith('idToken', error);
  }
  const answeredAt = tokenAnsweredAt(http, server.token_endpoint) ?? performance.now();
  run.report.grantedScopes = tokens.scope ? tokens.scope.split(' ').filter(Boolean) : [...run.requestedScopes];
  report.pass('token', `The code was exchanged for tokens (client_secret_post); granted: ${run.report.grantedScopes.join(' ')}.`, answeredAt - tokenStarted);
  const claims = tokens.claims();
  if (!claims) return report.fail('idToken', 'No ID token came with the tokens.', failures.idTokenClaims('WHMCS sent no ID token although openid was requested'));
  const skew = clockSkewFailure(claims, Math.floor(Date.now() / 1000));
  if (skew) return report.fail('idToken', detailOf(skew), skew);
  report.claims = primitiveClaims(claims, {});
  const { alg, kid } = jwtHeader(tokens.id_token ?? '');
  report.pass('idToken', `Signed by the JWKS key ${kid ? `"${kid}" ` : ''}(${alg ?? 'unknown alg'}); iss, aud, exp, iat and nonce as expected.`);

  // userinfo
  let userinfo;
  try {
    userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  } catch (error) {
    return failWith('userinfo', error);
  }
  report.claims = primitiveClaims(userinfo, report.claims);
  report.pass('userinfo', `Userinfo answered for subject ${claims.sub}: ${Object.keys(userinfo).sort().join(', ')}.`);
  return report.finish();
}

/** Claims that are neither tokens nor derived from them; userinfo's win over the ID token's. */
const HIDDEN_CLAIMS = new Set(['nonce', 'at_hash', 'c_hash', 's_hash']);

function primitiveClaims(source: object, into: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const merged = { ...into };
  for (const [key, value] of Object.entries(source)) {
    if (HIDDEN_CLAIMS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') merged[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) merged[key] = value.join(' ');
  }
  return merged;
}

/** The ID token's alg and kid, for the report; the token itself is not kept. */
function jwtHeader(jwt: string): { alg?: string; kid?: string } {
  try {
    const header = JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    return {
      ...(typeof header['alg'] === 'string' ? { alg: header['alg'] } : {}),
      ...(typeof header['kid'] === 'string' ? { kid: header['kid'] } : {}),
    };
  } catch {
    return {};
  }
}

function tokenAnsweredAt(http: OidcFetch, tokenEndpoint: string | undefined): number | undefined {
  const key = urlKey(tokenEndpoint);
  return http.requests.find((request) => request.url === key)?.answeredAt;
}

function urlKey(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** A step's one line for a failure: what the server said, else the failure's first sentence. */
function detailOf(failure: SignInFailure): string {
  if (failure.serverError) {
    const { error, description } = failure.serverError;
    return `WHMCS said ${error}${description ? `: ${description}` : ''}.`;
  }
  return failure.meaning.split(/(?<=\.)\s/)[0] ?? failure.meaning;
}
