// Asks the authorize endpoint once, without a session, before the browser opens: WHMCS refuses an
// unknown client or an unregistered redirect URI with a 400 page the browser would show and that
// never comes back to the test, and a refused scope with an immediate redirect. Anything else (a
// redirect to the login page) means the person's part can start.
import type { OidcFetch } from './oidcFetch';

export type PreflightOutcome =
  | { kind: 'proceed' }
  /** The provider's error, with its parameters as it sent them. */
  | { kind: 'refused'; params: URLSearchParams };

export async function preflightAuthorize(http: OidcFetch, authorizeUrl: URL, redirectUri: string, state: string): Promise<PreflightOutcome> {
  const response = await http.fetch(authorizeUrl.href, {
    method: 'GET',
    headers: { accept: 'application/json, text/html' },
    body: undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(http.timeoutSeconds * 1000),
  });
  const text = await response.text();
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    const target = location ? safeUrl(location, authorizeUrl) : undefined;
    // A redirect straight back to us with our state: the provider refused before any login.
    if (target && `${target.origin}${target.pathname}` === redirectUri && target.searchParams.get('state') === state && target.searchParams.has('error')) {
      return { kind: 'refused', params: target.searchParams };
    }
    return { kind: 'proceed' };
  }
  if (response.status >= 400 && response.status < 500) {
    const error = jsonError(text);
    if (error) return { kind: 'refused', params: error };
  }
  return { kind: 'proceed' };
}

function jsonError(text: string): URLSearchParams | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body['error'] !== 'string') return undefined;
    const params = new URLSearchParams({ error: body['error'] });
    if (typeof body['error_description'] === 'string') params.set('error_description', body['error_description']);
    return params;
  } catch {
    return undefined;
  }
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
