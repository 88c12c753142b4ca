// Every way a Test Sign-In can fail, each with what it means for this credential and the one fix
// a person applies. Pure: the classifier (classifyFailure.ts) decides which one applies.
import type { SignInFailure } from './signInReport';

type ServerError = SignInFailure['serverError'];

function withServerError(failure: SignInFailure, serverError: ServerError): SignInFailure {
  return serverError ? { ...failure, serverError } : failure;
}

export const failures = {
  notAuthorizationCode(grantType: string): SignInFailure {
    return {
      code: 'notAuthorizationCode',
      meaning: `This credential's grant type is ${grantType || 'not set'}: only an authorization_code credential can sign a person in with OpenID Connect (a single_sign_on credential sends people to the client area with a token it takes itself).`,
      fix: { kind: 'useAuthorizationCodeCredential', label: 'Test an authorization_code credential instead' },
    };
  },

  redirectUriNotRegistered(redirectUri: string, registered: readonly string[]): SignInFailure {
    return {
      code: 'redirectUriNotRegistered',
      meaning: `WHMCS accepts only the redirect URIs registered on the credential, compared exactly; ${redirectUri} is not one of them (registered: ${registered.join(', ')}).`,
      fix: { kind: 'registerRedirectUri', label: `Register ${redirectUri}`, value: redirectUri },
    };
  },

  noClientSecret(): SignInFailure {
    return {
      code: 'noClientSecret',
      meaning: 'No client secret is stored for this credential, and the token request cannot be made without one.',
      fix: { kind: 'storeCurrentSecret', label: 'Read the current client secret from WHMCS and store it' },
    };
  },

  discovery(what: string): SignInFailure {
    return {
      code: 'discovery',
      meaning: `The OpenID Connect discovery document of WHMCS could not be used: ${what}. Sign-in cannot work until WHMCS serves it.`,
      fix: { kind: 'retry', label: 'Check that this WHMCS has OpenID Connect (oauth/openid-configuration.php), then run the test again' },
    };
  },

  issuerMismatch(announced: string, expected: string, where: 'discovery' | 'idToken'): SignInFailure {
    const source = where === 'discovery' ? 'The discovery document names' : 'The ID token names';
    return {
      code: 'issuerMismatch',
      meaning: `${source} the issuer ${announced}, but this server is ${expected}. Applications check the issuer, so their sign-ins fail; WHMCS takes it from its System URL setting.`,
      fix: { kind: 'checkSystemUrl', label: `Set the WHMCS System URL to ${expected} (it is ${announced})`, value: announced },
    };
  },

  invalidClient(serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'invalidClient',
        meaning: 'WHMCS does not know this client identifier at its authorize endpoint: the credential may have been deleted or belongs to another WHMCS.',
        fix: { kind: 'retry', label: 'Refresh the credential list and run the test again' },
      },
      serverError,
    );
  },

  redirectUriMismatch(redirectUri: string, serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'redirectUriMismatch',
        meaning: `WHMCS refused the redirect URI ${redirectUri}: it must be registered on the credential exactly as sent.`,
        fix: { kind: 'registerRedirectUri', label: `Register ${redirectUri}`, value: redirectUri },
      },
      serverError,
    );
  },

  invalidScope(scope: string | undefined, serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'invalidScope',
        meaning: scope
          ? `WHMCS refused the requested scopes; ${scope} is not one this credential or server supports.`
          : 'WHMCS refused the requested scopes: one of them is not supported by this credential or server.',
        fix: scope
          ? { kind: 'removeScope', label: `Leave out the scope ${scope}`, value: scope }
          : { kind: 'removeScope', label: 'Leave out the extra scopes' },
      },
      serverError,
    );
  },

  unauthorizedClient(serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'unauthorizedClient',
        meaning: 'WHMCS does not allow this credential to use the authorization code flow.',
        fix: { kind: 'useAuthorizationCodeCredential', label: 'Test an authorization_code credential instead' },
      },
      serverError,
    );
  },

  accessDenied(serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'accessDenied',
        meaning: 'The person declined to let the application use their account (or WHMCS refused consent). The credential itself may be fine.',
        fix: { kind: 'retry', label: 'Run the test again and approve the application' },
      },
      serverError,
    );
  },

  timedOut(waitSeconds: number): SignInFailure {
    return {
      code: 'timedOut',
      meaning: `No sign-in came back to this machine within ${waitSeconds} s. If the browser showed a WHMCS error page instead of the sign-in, the client or redirect URI was refused there.`,
      fix: { kind: 'retry', label: 'Run the test again and finish the sign-in in the browser' },
    };
  },

  cancelled(): SignInFailure {
    return {
      code: 'cancelled',
      meaning: 'The test was cancelled before it finished; nothing was checked after that point.',
      fix: { kind: 'retry', label: 'Run the test again' },
    };
  },

  stateMismatch(): SignInFailure {
    return {
      code: 'stateMismatch',
      meaning: 'A sign-in came back to this machine, but for another request (its state was not this test\'s): an old browser tab, or another program, answered instead.',
      fix: { kind: 'retry', label: 'Close old sign-in tabs and run the test again' },
    };
  },

  secretRejected(serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'secretRejected',
        meaning: 'WHMCS refused the client secret at its token endpoint: the secret was reset since it was stored, or another one is stored. Applications using the stored secret cannot sign anyone in.',
        fix: { kind: 'storeCurrentSecret', label: 'Read the current client secret from WHMCS and store it' },
      },
      serverError,
    );
  },

  codeRejected(serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'codeRejected',
        meaning: 'WHMCS refused the authorization code: it expired, was already used, or was issued to another client. This happens when the exchange is slow; the credential may be fine.',
        fix: { kind: 'retry', label: 'Run the test again' },
      },
      serverError,
    );
  },

  idTokenSignature(what: string): SignInFailure {
    return {
      code: 'idTokenSignature',
      meaning: `The ID token's signature could not be verified with the keys WHMCS publishes (its JWKS): ${what}. Applications that check signatures reject every sign-in; WHMCS may have a new signing key that its certs endpoint does not serve.`,
      fix: { kind: 'retry', label: 'Check the signing keys of WHMCS, then run the test again' },
    };
  },

  idTokenClaims(what: string): SignInFailure {
    return {
      code: 'idTokenClaims',
      meaning: `The ID token failed a check: ${what}. Applications reject such a sign-in.`,
      fix: { kind: 'retry', label: 'Run the test again' },
    };
  },

  clockSkew(what: string, skewSeconds: number): SignInFailure {
    const skew = `${skewSeconds >= 0 ? '+' : ''}${skewSeconds} s`;
    return {
      code: 'idTokenClaims',
      meaning: `The ID token's times do not fit this machine's clock (${what}; the server is ${skew} off). Applications reject such a sign-in until the clocks agree.`,
      fix: { kind: 'checkServerClock', label: `Synchronise the clock of the WHMCS server (or this machine): ${skew} apart`, value: skew },
    };
  },

  userinfo(what: string, serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'userinfo',
        meaning: `The userinfo endpoint did not answer for the new access token: ${what}. Applications that read the e-mail address or name get nothing.`,
        fix: { kind: 'retry', label: 'Run the test again' },
      },
      serverError,
    );
  },

  transport(message: string, hint: string): SignInFailure {
    return {
      code: 'transport',
      meaning: `${message} ${hint}`.trim(),
      fix: { kind: 'retry', label: 'Run the test again once the server can be reached' },
    };
  },

  loopbackPortInUse(port: number): SignInFailure {
    return {
      code: 'loopbackPortInUse',
      meaning: `Port ${port} on 127.0.0.1 is in use by another program, so the sign-in cannot come back to this test.`,
      fix: { kind: 'retry', label: `Close the program listening on port ${port}, or test with another port`, value: String(port) },
    };
  },

  serverError(what: string, serverError: ServerError): SignInFailure {
    return withServerError(
      {
        code: 'serverError',
        meaning: `WHMCS answered in a way sign-in cannot use: ${what}.`,
        fix: { kind: 'retry', label: 'Run the test again; if it persists, check the WHMCS error log' },
      },
      serverError,
    );
  },
} as const;
