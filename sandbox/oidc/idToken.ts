// The ID token of the code flow, as the library builds it when the code is issued: iss, sub, aud,
// iat, exp (an hour), auth_time, nonce; no email (userinfo has it). The faults change the signing
// key, the issuer and the clock.
import type { OidcContext } from './context';
import { nowSeconds, type AuthorizationCode } from './grants';

const ID_TOKEN_LIFETIME_SECONDS = 3600;
export const WRONG_ISSUER = 'https://wrong-issuer.sandbox.test/whmcs';

export async function signIdToken(code: AuthorizationCode, context: OidcContext): Promise<string> {
  const faults = context.faults.get();
  const user = context.state.getClientUser(code.userId);
  if (!user) throw new Error(`no client user ${code.userId}`);
  const iat = nowSeconds() + Math.round(faults.clockSkewSeconds ?? 0);
  const claims: Record<string, unknown> = {
    iss: faults.wrongIssuer ? WRONG_ISSUER : context.issuer(),
    sub: user.uuid,
    aud: code.clientId,
    iat,
    exp: iat + ID_TOKEN_LIFETIME_SECONDS,
    auth_time: code.authTime,
  };
  if (code.nonce !== undefined) claims['nonce'] = code.nonce;
  return context.keys.sign(claims, faults.rotatedSigningKey ?? false);
}
