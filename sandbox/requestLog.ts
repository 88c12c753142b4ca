// What the API endpoint was sent, by parameter name only: a test can check that a request did not
// carry a parameter at all (a save must carry no resetSecret: PHP reads "false" as true). Values
// are never kept, since one of them is always the API secret.
export interface LoggedRequest {
  /**
   * API: lower-cased and stripped of non-alphanumerics, as WHMCS matches it: "updateoauthcredential".
   * OpenID Connect: the page below the base path ("oauth/token.php", "dologin.php") or
   * "/.well-known/openid-configuration".
   */
  readonly action: string;
  /** The top-level request variables as PHP registered them, in request order. */
  readonly params: readonly string[];
  /** OpenID Connect pages only: the scheme of an Authorization header ("Basic", "Bearer"), never its value. */
  readonly authorization?: string;
}

/** Enough for any test's requests; a long-running sandbox must not grow without bound. */
const KEPT = 1000;

export class RequestLog {
  readonly #entries: LoggedRequest[] = [];

  record(action: string, params: Iterable<string>, authorization?: string): void {
    this.#entries.push(authorization === undefined ? { action, params: [...params] } : { action, params: [...params], authorization });
    if (this.#entries.length > KEPT) this.#entries.shift();
  }

  list(): LoggedRequest[] {
    return this.#entries.map((entry) => ({ ...entry, params: [...entry.params] }));
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
