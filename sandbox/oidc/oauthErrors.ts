// How bshaffer/oauth2-server-php answers errors: a JSON body (PHP json_encode, so "/" is "\/")
// with no-store headers, or a redirect to the client with the error in the query.

export interface OAuthError {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  /** The library's "#section-…" references become links to RFC 6749. */
  readonly section?: string;
}

export function oauthError(status: number, error: string, description: string, section?: string): OAuthError {
  return section === undefined ? { status, error, description } : { status, error, description, section };
}

export function errorBody(error: OAuthError): Record<string, string> {
  const body: Record<string, string> = { error: error.error, error_description: error.description };
  if (error.section !== undefined) body['error_uri'] = `http://tools.ietf.org/html/rfc6749${error.section}`;
  return body;
}

/** PHP json_encode with its default flags: "/" escaped, non-ASCII as \uXXXX. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `uri` with the pairs appended to its query, as the library's Response::setRedirect builds it. */
export function appendQuery(uri: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  const query = new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString();
  if (query === '') return uri;
  const queryAt = uri.indexOf('?');
  const hasQuery = queryAt >= 0 && queryAt < uri.length - 1;
  return `${uri}${hasQuery ? '&' : queryAt >= 0 ? '' : '?'}${query}`;
}

/** The Location of an error sent back to the client: error, state (when known), description. */
export function errorRedirect(redirectUri: string, state: string | undefined, error: string, description: string): string {
  const pairs: Array<[string, string]> = [['error', error]];
  if (state !== undefined) pairs.push(['state', state]);
  pairs.push(['error_description', description]);
  return appendQuery(redirectUri, pairs);
}
