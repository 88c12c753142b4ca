// The typed errors a caller switches on. Every message is safe to show and to log: it carries the
// server's own words or a plain transport cause, never a secret, and `hint` says what to do next.

export type CredentialField =
  | 'credentialId'
  | 'name'
  | 'description'
  | 'grantType'
  | 'scope'
  | 'serviceId'
  | 'logoUri'
  | 'redirectUri';

export abstract class WhmcsError extends Error {
  abstract readonly kind: string;
  /** What the user can do about it, in one sentence. */
  readonly hint: string;
  /** The API action that failed, when known. */
  readonly action: string | undefined;

  protected constructor(message: string, hint: string, action: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
    this.action = action;
  }
}

export type AuthFailure = 'credentials' | 'unknownIdentifier' | 'legacyPassword' | 'accessKey';

/** The server refused who we are (HTTP 403 before the action runs). */
export class AuthError extends WhmcsError {
  readonly kind = 'auth';
  constructor(
    serverMessage: string,
    readonly reason: AuthFailure,
    action?: string,
  ) {
    super(serverMessage, AUTH_HINTS[reason], action);
  }
}

const AUTH_HINTS: Record<AuthFailure, string> = {
  credentials:
    'Check the API identifier and secret (Configuration > System Settings > Manage API Credentials), or the admin username and password.',
  unknownIdentifier: 'No API credential with this identifier exists on the server: copy the identifier again from WHMCS.',
  legacyPassword: 'The admin password login expects the plain password; the client sends its md5 itself.',
  accessKey: 'The access key does not match $api_access_key in the WHMCS configuration.php.',
};

/** The server refused the caller's address: not on the API IP allow-list, or banned. */
export class IpNotAllowedError extends WhmcsError {
  readonly kind = 'ip';
  constructor(
    serverMessage: string,
    /** The address the server saw (often IPv6 or a proxy's), when it said so. */
    readonly ip: string | undefined,
    readonly banned: boolean,
    action?: string,
  ) {
    super(
      serverMessage,
      banned
        ? 'This address is banned in WHMCS (Configuration > Security > Banned IPs): remove the ban.'
        : `Add ${ip ?? 'this address'} to Configuration > System Settings > General > Security > API IP Access Restriction, or set an API access key ($api_access_key in configuration.php) and enter it for this server.`,
      action,
    );
  }
}

/** The API credential's role does not allow this action. */
export class PermissionError extends WhmcsError {
  readonly kind = 'permission';
  constructor(
    serverMessage: string,
    /** The lower-cased action name the server named. */
    readonly deniedAction: string,
  ) {
    super(
      serverMessage,
      `Allow "${deniedAction}" in the API role of this credential (Configuration > System Settings > Manage API Credentials > API Roles).`,
      deniedAction,
    );
  }
}

/** The request was refused on its content; `field` is the form field it concerns. */
export class ValidationError extends WhmcsError {
  readonly kind = 'validation';
  constructor(
    message: string,
    readonly field: CredentialField | undefined,
    /** 'client' when caught before sending, 'server' when WHMCS said it. */
    readonly source: 'client' | 'server',
    action?: string,
  ) {
    super(message, field ? `Correct the ${FIELD_LABELS[field]} and try again.` : 'Correct the request and try again.', action);
  }
}

export const FIELD_LABELS: Record<CredentialField, string> = {
  credentialId: 'credential',
  name: 'name',
  description: 'description',
  grantType: 'grant type',
  scope: 'scopes',
  serviceId: 'service ID',
  logoUri: 'logo URI',
  redirectUri: 'redirect URIs',
};

/** WHMCS answered `result: error` with a message that is none of the above. */
export class ServerError extends WhmcsError {
  readonly kind = 'server';
  constructor(
    serverMessage: string,
    readonly status: number,
    action?: string,
  ) {
    super(serverMessage, 'This is the WHMCS server\'s own message; check the WHMCS version and the Activity Log.', action);
  }
}

export type TransportCause =
  | 'connectTimeout'
  | 'headersTimeout'
  | 'bodyTimeout'
  | 'refused'
  | 'reset'
  | 'dns'
  | 'tls'
  | 'cancelled'
  | 'proxy'
  | 'redirect'
  | 'other';

/**
 * No WHMCS answer arrived: the connection failed, or (RedirectError) the server pointed elsewhere.
 * `maybeApplied` is true when the request may have reached WHMCS.
 */
export class TransportError extends WhmcsError {
  readonly kind = 'transport';
  constructor(
    message: string,
    readonly reason: TransportCause,
    readonly maybeApplied: boolean,
    hint: string,
    action?: string,
    options?: ErrorOptions,
  ) {
    super(message, hint, action, options);
  }
}

/**
 * The server answered with a redirect (HTTP 3xx), which the client never follows: every request
 * body carries the API secret, and following would hand it to whatever address the answer names.
 * `target` is the redirect's address without user info, query or fragment (they may carry
 * tokens), or undefined when the answer named none or an unusable one.
 */
export class RedirectError extends TransportError {
  constructor(
    message: string,
    readonly status: number,
    readonly target: string | undefined,
    maybeApplied: boolean,
    hint: string,
    action?: string,
  ) {
    super(message, 'redirect', maybeApplied, hint, action);
  }
}

/** An answer arrived but is not a WHMCS API answer (HTML page, proxy page, broken JSON). */
export class UnexpectedResponseError extends WhmcsError {
  readonly kind = 'unexpected';
  constructor(
    message: string,
    readonly status: number,
    /** A short excerpt of the body with tags and secrets removed. */
    readonly excerpt: string,
    action?: string,
  ) {
    super(
      message,
      'The server did not answer like the WHMCS API: check the URL (the WHMCS base URL, e.g. https://billing.example.com), maintenance mode, and the PHP error log.',
      action,
    );
  }
}

/** A secret reset was sent but its answer was lost and the outcome could not be established. */
export class ResetOutcomeUnknownError extends WhmcsError {
  readonly kind = 'resetUnknown';
  constructor(
    readonly credentialId: number,
    /** SHA-256 of the secret before the reset: lets a later check tell whether the reset happened. */
    readonly previousSecretFingerprint: string,
    cause: WhmcsError,
  ) {
    super(
      `The secret reset of credential ${credentialId} was sent, but its answer was lost and the server could not be asked whether it happened (${cause.message}).`,
      'Do not reset again: check the connection, then check the reset again; the new secret can still be recovered from the server.',
      'updateoauthcredential',
      { cause },
    );
  }
}

/** A secret reset whose answer was lost, and the server shows the old secret still in place. */
export class ResetNotAppliedError extends WhmcsError {
  readonly kind = 'resetNotApplied';
  constructor(
    readonly credentialId: number,
    cause: WhmcsError,
  ) {
    super(
      `${cause.message} The server did not reset the secret of credential ${credentialId}: the old secret still works.`,
      'It is safe to reset again.',
      'updateoauthcredential',
      { cause },
    );
  }
}

export type AnyWhmcsError =
  | AuthError
  | IpNotAllowedError
  | PermissionError
  | ValidationError
  | ServerError
  | TransportError
  | UnexpectedResponseError
  | ResetOutcomeUnknownError
  | ResetNotAppliedError;

export function isWhmcsError(value: unknown): value is AnyWhmcsError {
  return value instanceof WhmcsError;
}
