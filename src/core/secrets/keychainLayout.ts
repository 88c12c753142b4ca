/**
 * The one keychain layout shared by the extension, the CLI and the tests.
 *
 * Every entry belongs to the service `whmcs-oauth`; its account names the server and the secret:
 *
 *   <serverKey>/<clientIdentifier>   a reset OAuth client secret
 *   <serverKey>/api:<identifier>     the secret of the server's API credential
 *   <serverKey>/admin:<username>     a legacy admin password
 *   <serverKey>/accesskey            the API access key
 *
 * The server key is the origin and path of the WHMCS base URL: scheme, host (lowercase, with the
 * port when it is not the scheme's default) and path, without trailing slash or `/includes/api.php`:
 *   https://billing.example.com/                      -> https://billing.example.com
 *   https://example.com:8443/whmcs/includes/api.php   -> https://example.com:8443/whmcs
 *   http://127.0.0.1:8787/whmcs                       -> http://127.0.0.1:8787/whmcs
 * A secret is bound to its full origin: one stored for https is never found for http (a scheme
 * downgrade would send it in clear text). Version 0.1.0 wrote the key without the scheme and
 * meant https; `legacyAccount` names such an entry so that it is still read (legacyAccounts.ts).
 *
 * In names, `%` and `/` are written `%25` and `%2F` (client identifiers are base64 and may contain
 * `/`), and `:` in a client identifier `%3A`, so that every account parses back unambiguously.
 *
 * Reading an entry outside the extension:
 *   Linux:    secret-tool lookup service whmcs-oauth username <account>
 *   macOS:    security find-generic-password -s whmcs-oauth -a <account> -w
 *   Windows:  Credential Manager, generic credential `<account>.whmcs-oauth`
 */
export const KEYCHAIN_SERVICE = 'whmcs-oauth';

const API_PREFIX = 'api:';
const ADMIN_PREFIX = 'admin:';
const ACCESS_KEY_NAME = 'accesskey';

export function serverKey(baseUrl: string): string {
  const trimmed = baseUrl.trim();
  // People paste "billing.example.com" as often as a full URL.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    // The input is not echoed: it may carry user:password@.
    throw new TypeError('Not a WHMCS URL: expected something like https://billing.example.com/');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    throw new TypeError('Not a WHMCS URL: expected an http or https address');
  }
  const path = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/includes\/api\.php$/i, '')
    .replace(/\/+$/, '');
  // URL already lowercases the host and drops the scheme's default port.
  return `${url.protocol}//${url.host}${path}`;
}

const LEGACY_SCHEME = 'https://';

/**
 * The account version 0.1.0 used for the same secret: its server key had no scheme and meant
 * https, so only https accounts have one.
 */
export function legacyAccount(accountName: string): string | undefined {
  return accountName.startsWith(LEGACY_SCHEME) ? accountName.slice(LEGACY_SCHEME.length) : undefined;
}

/** The current account of an entry written by 0.1.0 (see legacyAccount). */
export function accountOfLegacy(legacyAccountName: string): string {
  return LEGACY_SCHEME + legacyAccountName;
}

export function clientSecretAccount(server: string, clientIdentifier: string): string {
  return account(server, encodeName(clientIdentifier, /[%/:]/g));
}

export function apiSecretAccount(server: string, identifier: string): string {
  return account(server, API_PREFIX + encodeName(identifier));
}

export function adminPasswordAccount(server: string, username: string): string {
  return account(server, ADMIN_PREFIX + encodeName(username));
}

export function accessKeyAccount(server: string): string {
  return account(server, ACCESS_KEY_NAME);
}

/**
 * The prefix of a server's accounts, for `SecretStore.accounts(prefix)`. A server whose key is a
 * path below this one shares the prefix: use `parseAccount` to keep only this server's entries.
 */
export function serverAccountPrefix(server: string): string {
  return `${requireNonEmpty(server, 'server key')}/`;
}

export type KeychainEntry =
  | { serverKey: string; kind: 'clientSecret'; clientIdentifier: string }
  | { serverKey: string; kind: 'apiSecret'; identifier: string }
  | { serverKey: string; kind: 'adminPassword'; username: string }
  | { serverKey: string; kind: 'accessKey' };

/** What an account of this layout holds; undefined for accounts that do not follow it. */
export function parseAccount(accountName: string): KeychainEntry | undefined {
  const slash = accountName.lastIndexOf('/');
  if (slash <= 0 || slash === accountName.length - 1) return undefined;
  const server = accountName.slice(0, slash);
  const name = accountName.slice(slash + 1);
  if (name === ACCESS_KEY_NAME) return { serverKey: server, kind: 'accessKey' };
  if (name.startsWith(API_PREFIX) && name.length > API_PREFIX.length) {
    return { serverKey: server, kind: 'apiSecret', identifier: decodeName(name.slice(API_PREFIX.length)) };
  }
  if (name.startsWith(ADMIN_PREFIX) && name.length > ADMIN_PREFIX.length) {
    return { serverKey: server, kind: 'adminPassword', username: decodeName(name.slice(ADMIN_PREFIX.length)) };
  }
  if (name.includes(':')) return undefined;
  return { serverKey: server, kind: 'clientSecret', clientIdentifier: decodeName(name) };
}

function account(server: string, name: string): string {
  return serverAccountPrefix(server) + name;
}

function encodeName(name: string, reserved = /[%/]/g): string {
  return requireNonEmpty(name, 'name').replace(reserved, (c) => encodeURIComponent(c));
}

function decodeName(name: string): string {
  return name.replace(/%(25|2F|3A)/gi, (escape) => decodeURIComponent(escape));
}

function requireNonEmpty(value: string, what: string): string {
  if (value === '') throw new TypeError(`The keychain ${what} must not be empty`);
  return value;
}
