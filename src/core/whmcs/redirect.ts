// A redirect (HTTP 3xx) in answer to an API request. The client never follows one: every request
// body carries the API secret (or the admin password's md5, and the access key), so following
// would send them to whatever address the answer names, another host included. The answer becomes
// a RedirectError naming that address without the parts that may carry tokens.
import { RedirectError } from './errors';
import { redactSecrets } from './redact';

const MAX_SHOWN_LENGTH = 160;

/**
 * Statuses a web server or proxy sends for an address that moved (301) or for the same request
 * to be repeated elsewhere (307, 308): the request was handed to nothing that runs the action.
 * Any other 3xx may come from a script that ran first: 302 is what PHP's header('Location') sends,
 * and 303 means "processed, see elsewhere". There the action may have been applied.
 */
const NOT_RUN_STATUSES = new Set([301, 307, 308]);

export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400;
}

/** scheme://host[:port]/path: user info, query and fragment dropped, since they may carry tokens. */
export function displayAddress(url: URL, knownSecrets: Iterable<string> = []): string {
  const shown = redactSecrets(`${url.protocol}//${url.host}${url.pathname}`, knownSecrets);
  return shown.length > MAX_SHOWN_LENGTH ? `${shown.slice(0, MAX_SHOWN_LENGTH - 1)}…` : shown;
}

/** The RedirectError for a 3xx answer; `location` is the raw header, relative to the endpoint. */
export function redirectErrorFrom(
  status: number,
  location: string | string[] | undefined,
  endpoint: URL,
  action: string | undefined,
  knownSecrets: Iterable<string>,
): RedirectError {
  const from = displayAddress(endpoint);
  const maybeApplied = !NOT_RUN_STATUSES.has(status);
  const raw = (Array.isArray(location) ? location[0] : location)?.trim();
  if (!raw) {
    return new RedirectError(
      `${from} answered HTTP ${status} (a redirect) without naming an address; nothing was sent anywhere else.`,
      status,
      undefined,
      maybeApplied,
      'Check the server\'s URL (the WHMCS base URL, e.g. https://billing.example.com) and the web server\'s redirect rules.',
      action,
    );
  }
  const target = parseTarget(raw, endpoint);
  if (!target) {
    return new RedirectError(
      `${from} answered HTTP ${status} with a redirect to an address that is not an http(s) URL; it was not followed.`,
      status,
      undefined,
      maybeApplied,
      'Check the server\'s URL (the WHMCS base URL, e.g. https://billing.example.com) and the web server\'s redirect rules.',
      action,
    );
  }
  const shown = displayAddress(target, knownSecrets);
  const upgradeToHttps = endpoint.protocol === 'http:' && target.protocol === 'https:' && target.hostname === endpoint.hostname;
  return new RedirectError(
    `${from} answered HTTP ${status} with a redirect to ${shown}. The redirect was not followed, so nothing was sent there.`,
    status,
    shown,
    maybeApplied,
    upgradeToHttps
      ? 'The server wants https: change the server\'s URL to start with https:// (Edit Server in VS Code; --url or WHMCS_URL for the CLI).'
      : 'If WHMCS has moved to that address, change the server\'s URL to it (Edit Server in VS Code; --url or WHMCS_URL for the CLI). If you do not recognise the address, do not: check the web server\'s redirect rules.',
    action,
  );
}

function parseTarget(location: string, endpoint: URL): URL | undefined {
  try {
    const url = new URL(location, endpoint);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
