// Removes secrets from text that may be shown or logged (excerpts of odd server answers, error
// messages). Known secrets are replaced verbatim; anything shaped like a WHMCS client secret or a
// secret-bearing key/value is replaced by shape, since an HTML error page may echo request data;
// the user info of any URL (a proxy's `user:password@`) is replaced wherever it appears.
import { phpUrlencode } from './phpForm';

const SECRET_KEYS =
  /((?:client_?secret|newClientSecret|secret|password|accesskey|access_key|token)["']?\]?\s*(?:=>|=|:)\s*["']?)([^"'&;,\s<>[][^"'&;,\s<]*)/gi;
// "]" after the key: PHP's print_r shows request variables as "[secret] => value".
// A value starting with "[" is not a secret but an error kind, as in the log line
// "Could not reset client secret: [resetNotApplied] ...", or one already redacted; one starting
// with ">" is the rest of a "=>".
/** base64 of 32+ random bytes, like the 88-character client secrets. */
const LONG_BASE64 = /[A-Za-z0-9+/]{40,}={0,2}/g;
/**
 * `scheme://` then everything up to the authority's last "@": a password may hold an unencoded
 * "@" (`http://u:p@ss@host` is what people type), and URL parsers split at the last one too.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  return redactKnownSecrets(text, knownSecrets)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(SECRET_KEYS, `$1${REDACTED}`)
    .replace(LONG_BASE64, REDACTED);
}

/** Only the given secrets, verbatim: for text whose exact words matter (a server's message). */
export function redactKnownSecrets(text: string, knownSecrets: Iterable<string>): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

const HTML_SPECIAL: Readonly<Record<string, string>> = { '&': '&amp;', '"': '&quot;', "'": '&#039;', '<': '&lt;', '>': '&gt;' };

/**
 * A secret as a server page may echo it: as sent (form-encoded), as PHP decoded it, and HTML-escaped
 * the way WHMCS and PHP error pages print request values. Longest first, so that a form contained
 * in another is not replaced halfway.
 */
export function echoedForms(secret: string): string[] {
  const forms = new Set([secret, phpUrlencode(secret), encodeURIComponent(secret), secret.replace(/[&"'<>]/g, (c) => HTML_SPECIAL[c] ?? c)]);
  return [...forms].sort((a, b) => b.length - a.length);
}
