// openid-configuration.php: the discovery document as WHMCS serves it. No PKCE methods (WHMCS
// stores codes without a challenge), no refresh tokens.
import { OPENID_SCOPES } from './authorizeRequest';

export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize.php`,
    token_endpoint: `${issuer}/oauth/token.php`,
    userinfo_endpoint: `${issuer}/oauth/userinfo.php`,
    jwks_uri: `${issuer}/oauth/certs.php`,
    scopes_supported: [...OPENID_SCOPES],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    claims_supported: ['sub', 'iss', 'aud', 'iat', 'exp', 'auth_time', 'nonce', 'email', 'email_verified', 'name', 'given_name', 'family_name', 'preferred_username', 'locale'],
  };
}
