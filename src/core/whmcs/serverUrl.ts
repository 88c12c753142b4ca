// The WHMCS base URL as a person copies it from the browser ("https://host", "https://host/whmcs/",
// even ".../includes/api.php" or the admin area URL) becomes the API endpoint.
import { redactSecrets } from './redact';

export class InvalidServerUrlError extends Error {
  /** The URL as entered, without a user name or password (`https://user:pw@host` is refused, and shown). */
  readonly input: string;
  constructor(
    input: string,
    reason: string,
    readonly hint = 'Enter the WHMCS base URL, for example https://billing.example.com or https://example.com/whmcs.',
  ) {
    const shown = redactSecrets(input);
    super(`"${shown}" is not a usable WHMCS URL: ${reason}.`);
    this.input = shown;
    this.name = 'InvalidServerUrlError';
  }
}

/**
 * Plain http to another machine: every request carries the API secret (or the admin password's
 * md5), readable by anyone on the path. Refused unless the server entry explicitly allows it.
 */
export class InsecureHttpError extends InvalidServerUrlError {
  constructor(input: string) {
    super(
      input,
      'plain http would send the API secret unencrypted to another machine',
      'Use the https:// address of WHMCS. Only if this server cannot do TLS, allow plain http for it explicitly (allowInsecureHttp in the server settings, --allow-insecure-http in the CLI).',
    );
    this.name = 'InsecureHttpError';
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

/** True for this machine's own addresses, where plain http never crosses a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether requests to this endpoint would go unencrypted to another machine. */
export function isInsecureHttp(endpoint: URL): boolean {
  return endpoint.protocol === 'http:' && !isLoopbackHost(endpoint.hostname);
}

/** The endpoint of a server that may receive its secrets: https, loopback http, or http explicitly allowed. */
export function secureApiEndpoint(input: string, allowInsecureHttp: boolean): URL {
  const endpoint = apiEndpoint(input);
  if (isInsecureHttp(endpoint) && !allowInsecureHttp) throw new InsecureHttpError(input);
  return endpoint;
}
