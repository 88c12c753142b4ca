// Removes secrets from text that may be shown or logged (excerpts of odd server answers, error
// messages). Known secrets are replaced verbatim; anything shaped like a WHMCS client secret or a
// secret-bearing key/value is replaced by shape, since an HTML error page may echo request data.
const SECRET_KEYS =
  /((?:client_?secret|newClientSecret|secret|password|accesskey|access_key|token)["']?\s*(?:=>|=|:)\s*["']?)([^"'&;,\s<[][^"'&;,\s<]*)/gi;
// A value starting with "[" is not a secret but an error kind, as in the log line
// "Could not reset client secret: [resetNotApplied] ...".
/** base64 of 32+ random bytes, like the 88-character client secrets. */
const LONG_BASE64 = /[A-Za-z0-9+/]{40,}={0,2}/g;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result.replace(SECRET_KEYS, `$1${REDACTED}`).replace(LONG_BASE64, REDACTED);
}
