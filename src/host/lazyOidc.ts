// Loads dist/oidc.js (openid-client, jose and their own undici) when a person first runs Test
// Sign-In: none of it is needed to list or edit credentials, so none of it costs activation.
import type * as Oidc from '../core/oidc/bundle';

export type OidcModule = typeof Oidc;

let oidc: OidcModule | undefined;

export function loadOidc(): OidcModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  oidc ??= require('./oidc.js') as OidcModule;
  return oidc;
}
