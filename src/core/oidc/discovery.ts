// Reads the discovery document of WHMCS (<base>/oauth/openid-configuration.php: not under
// /.well-known/, so openid-client cannot find it itself) and makes the openid-client
// Configuration for one credential: client_secret_post, ID token signatures checked against the
// JWKS, plain http only where the API client would allow it.
import * as oidc from 'openid-client';
import { isInsecureHttp } from '../whmcs/serverUrl';
import type { OidcFetch } from './oidcFetch';

export const DISCOVERY_PATH = '/oauth/openid-configuration.php';

/** The discovery document's endpoints every sign-in needs. */
const REQUIRED = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const;

export type DiscoveryOutcome =
  | { kind: 'ok'; config: oidc.Configuration; issuer: string }
  | { kind: 'unusable'; what: string }
  | { kind: 'issuerMismatch'; issuer: string };

export interface DiscoveryInput {
  baseUrl: string;
  expectedIssuer: string;
  clientId: string;
  clientSecret: string;
  allowInsecureHttp: boolean;
  http: OidcFetch;
}

/** Throws only what the fetch throws (a TransportError); everything else is an outcome. */
export async function discover(input: DiscoveryInput): Promise<DiscoveryOutcome> {
  const url = `${input.baseUrl}${DISCOVERY_PATH}`;
  const response = await input.http.fetch(url, {
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(input.http.timeoutSeconds * 1000),
  });
  const text = await response.text();
  if (response.status !== 200) {
    const location = response.headers.get('location');
    return { kind: 'unusable', what: `${url} answered HTTP ${response.status}${location ? ` (a redirect to ${safeUrl(location)})` : ''}` };
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    return { kind: 'unusable', what: `${url} did not answer with JSON (${response.headers.get('content-type') ?? 'no content type'})` };
  }
  if (typeof metadata !== 'object' || metadata === null || typeof (metadata as { issuer?: unknown }).issuer !== 'string') {
    return { kind: 'unusable', what: `${url} names no issuer` };
  }
  const server = metadata as oidc.ServerMetadata;
  const missing = REQUIRED.filter((key) => typeof server[key] !== 'string' || server[key] === '');
  if (missing.length) return { kind: 'unusable', what: `it names no ${missing.join(', ')}` };
  if (!sameIssuer(server.issuer, input.expectedIssuer)) return { kind: 'issuerMismatch', issuer: server.issuer };
  for (const key of REQUIRED) {
    const endpoint = parse(server[key] as string);
    if (!endpoint || (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:')) {
      return { kind: 'unusable', what: `its ${key} is not an http(s) URL` };
    }
    if (isInsecureHttp(endpoint) && !input.allowInsecureHttp) {
      return { kind: 'unusable', what: `its ${key} ${endpoint.origin}${endpoint.pathname} is plain http to another machine, which the server settings do not allow` };
    }
  }
  const config = new oidc.Configuration(server, input.clientId, undefined, oidc.ClientSecretPost(input.clientSecret));
  config[oidc.customFetch] = input.http.fetch;
  config.timeout = input.http.timeoutSeconds;
  if (REQUIRED.some((key) => new URL(server[key] as string).protocol === 'http:')) oidc.allowInsecureRequests(config);
  // openid-client checks ID token signatures only when asked; a sign-in test must.
  oidc.enableNonRepudiationChecks(config);
  return { kind: 'ok', config, issuer: server.issuer };
}

/** Issuers compare as strings, except for a trailing slash and the host's case. */
export function sameIssuer(announced: string, expected: string): boolean {
  const a = parse(announced);
  const b = parse(expected);
  if (!a || !b) return announced === expected;
  const key = (u: URL) => `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  return key(a) === key(b);
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A redirect target without user info or query, which may carry credentials or tokens. */
function safeUrl(location: string): string {
  const url = parse(location);
  return url ? `${url.origin}${url.pathname}` : '(an unusable address)';
}
