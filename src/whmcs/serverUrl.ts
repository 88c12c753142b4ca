// The WHMCS base URL as a person copies it from the browser ("https://host", "https://host/whmcs/",
// even ".../includes/api.php" or the admin area URL) becomes the API endpoint.

export class InvalidServerUrlError extends Error {
  readonly hint = 'Enter the WHMCS base URL, for example https://billing.example.com or https://example.com/whmcs.';
  constructor(readonly input: string, reason: string) {
    super(`"${input}" is not a usable WHMCS URL: ${reason}.`);
    this.name = 'InvalidServerUrlError';
  }
}

const API_PATH = '/includes/api.php';

/** Parses and normalises a base URL; throws InvalidServerUrlError with a reason. */
export function apiEndpoint(input: string): URL {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidServerUrlError(input, 'it is empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidServerUrlError(input, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidServerUrlError(input, `the scheme must be https or http, not ${url.protocol.replace(':', '')}`);
  }
  if (url.username || url.password) {
    throw new InvalidServerUrlError(input, 'it must not contain a user name or password (enter them as the server\'s credentials)');
  }
  url.hash = '';
  url.search = '';
  let path = url.pathname.replace(/\/+$/, '');
  if (path.toLowerCase().endsWith(API_PATH)) path = path.slice(0, -API_PATH.length);
  // A copied admin-area or client-area page URL: keep the installation folder only.
  path = path.replace(/\/[^/]+\.php$/i, '').replace(/\/admin$/i, '');
  url.pathname = `${path}${API_PATH}`;
  return url;
}

/** The base URL (without /includes/api.php), for display and for the keychain layout. */
export function baseUrlOf(endpoint: URL): string {
  return endpoint.href.slice(0, -API_PATH.length);
}
