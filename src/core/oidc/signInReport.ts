// What a Test Sign-In found, step by step: the one shape the CLI prints, the extension's report
// webview shows and the tests read. Holds no token and no secret, only what they said (claims,
// granted scopes) and, for a failure, what it means for this credential and the one fix.

/** The steps in the order they run; a step after a failed one is `skipped`. */
export const SIGN_IN_STEPS = [
  'credential', // an authorization_code credential, its redirect URI registered, a client secret to use
  'discovery', // <base>/oauth/openid-configuration.php read and its issuer as expected
  'authorize', // the person signed in and approved in the browser; the loopback redirect came back
  'token', // the code exchanged with the client secret (client_secret_post)
  'idToken', // signature by a JWKS key, iss, aud, exp, iat, nonce (checked by openid-client)
  'userinfo', // the userinfo endpoint answered for the access token
] as const;
export type SignInStepId = (typeof SIGN_IN_STEPS)[number];

export type StepOutcome = 'passed' | 'failed' | 'skipped';

export interface SignInStep {
  id: SignInStepId;
  outcome: StepOutcome;
  /** Wall time of the step in milliseconds (0 when skipped). */
  ms: number;
  /** One line for the person: what was checked or what was found. Never a token or a secret. */
  detail: string;
}

/**
 * Why a sign-in failed, one code per thing a person fixes differently. `server*` codes carry the
 * provider's own `error` and `error_description` in `SignInFailure.serverError`.
 */
export type SignInFailureCode =
  | 'notAuthorizationCode' // single_sign_on credentials cannot sign a person in
  | 'redirectUriNotRegistered' // the loopback URI is not among the credential's redirect URIs
  | 'noClientSecret' // none held in a secret store, and the live one was not allowed
  | 'discovery' // the discovery document could not be read or is not WHMCS's
  | 'issuerMismatch' // discovery or ID token names another issuer than the server's URL
  | 'invalidClient' // authorize: unknown client id
  | 'redirectUriMismatch' // authorize or token: the server refused the redirect URI
  | 'invalidScope' // a scope the credential or server does not support
  | 'unauthorizedClient' // the credential's grant type does not allow the code flow
  | 'accessDenied' // the person declined consent
  | 'timedOut' // no redirect came back in time
  | 'cancelled' // the person cancelled the wait
  | 'stateMismatch' // a redirect came back with another state (not ours)
  | 'secretRejected' // token: invalid_client, the secret is not the current one (was it reset?)
  | 'codeRejected' // token: invalid_grant, code expired, used or for another client
  | 'idTokenSignature' // no JWKS key verifies the ID token (rotated key, wrong alg)
  | 'idTokenClaims' // aud, exp, iat or nonce wrong (e.g. clock skew)
  | 'userinfo' // the userinfo endpoint refused the access token or failed
  | 'transport' // a request failed on the way (TLS, timeout, refused)
  | 'loopbackPortInUse' // another program listens on the redirect URI's port on this machine
  | 'serverError'; // anything else the provider said

/** The one action that fixes it, offered as a button in the report and named by the CLI. */
export type SignInFixKind =
  | 'registerRedirectUri' // value: the URI to add to the credential
  | 'storeCurrentSecret' // read the live secret from WHMCS and keep it in the secret store
  | 'removeScope' // value: the scope to remove
  | 'checkServerClock' // value: the skew seen, e.g. "+300 s"
  | 'checkSystemUrl' // value: the issuer WHMCS announced (its System URL setting)
  | 'useAuthorizationCodeCredential'
  | 'retry'; // the person declined, the code expired, the wait timed out: run it again

export interface SignInFix {
  kind: SignInFixKind;
  /** The button or the CLI's advice, e.g. "Register http://127.0.0.1:53682/callback". */
  label: string;
  value?: string;
}

export interface SignInFailure {
  code: SignInFailureCode;
  /** What it means for this credential, in one or two sentences. */
  meaning: string;
  fix: SignInFix;
  /** The provider's `error` and `error_description`, as it sent them, when it sent them. */
  serverError?: { error: string; description?: string };
}

export interface SignInReport {
  credentialId: number;
  clientIdentifier: string;
  credentialName: string;
  /** The issuer the discovery document announced, when it was read. */
  issuer?: string;
  redirectUri: string;
  requestedScopes: string[];
  /** What the token endpoint granted (its `scope`, else the requested ones). */
  grantedScopes: string[];
  /** ID token and userinfo claims merged (userinfo wins), tokens themselves never included. */
  claims: Record<string, string | number | boolean>;
  steps: SignInStep[];
  /** True only when every step passed. */
  passed: boolean;
  failure?: SignInFailure;
  /** When it ran (ISO 8601) and how long it took in all. */
  startedAt: string;
  totalMs: number;
}
