// The provider's RSA signing key (served in the JWKS) and, for the rotatedSigningKey fault, a
// second key the JWKS never lists. Keys are generated once per sandbox, on first use.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicJwk };
}

export class SigningKeys {
  private served: Promise<SigningKey> | undefined;
  private rotated: Promise<SigningKey> | undefined;

  private servedKey(): Promise<SigningKey> {
    this.served ??= newSigningKey();
    return this.served;
  }

  private rotatedKey(): Promise<SigningKey> {
    this.rotated ??= newSigningKey();
    return this.rotated;
  }

  /** What certs.php serves: only the current key. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [{ ...(await this.servedKey()).publicJwk }] };
  }

  /** An RS256 JWT with a kid; `rotated` signs with the key the JWKS does not list. */
  async sign(claims: JWTPayload, rotated: boolean): Promise<string> {
    const key = await (rotated ? this.rotatedKey() : this.servedKey());
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid }).sign(key.privateKey);
  }
}
