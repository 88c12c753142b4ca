// Authorization codes and access tokens, as bshaffer/oauth2-server-php stores them: 40 hex
// characters each, a code bound to its client and to the redirect URI the authorize request
// SUPPLIED (none when it relied on the registered one), deleted once it bought a token.
import { randomBytes } from 'node:crypto';
import { canary } from '../canaries';

export interface AuthorizationCode {
  readonly clientId: string;
  readonly userId: number;
  /** Only the redirect_uri the authorize request named; undefined when it named none. */
  readonly redirectUri: string | undefined;
  readonly scope: string;
  readonly nonce: string | undefined;
  /** Unix seconds. */
  readonly authTime: number;
  /** Unix seconds. */
  readonly expires: number;
}

export interface AccessToken {
  readonly clientId: string;
  readonly userId: number;
  readonly scope: string;
  /** Unix seconds. */
  readonly expires: number;
}

/** The library's defaults. */
export const DEFAULT_CODE_LIFETIME_SECONDS = 30;
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

function newToken(): string {
  return canary(randomBytes(20).toString('hex'));
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly tokens = new Map<string, AccessToken>();

  constructor(private readonly codeLifetimeSeconds: number) {}

  issueCode(grant: Omit<AuthorizationCode, 'expires'>): string {
    const code = newToken();
    this.codes.set(code, { ...grant, expires: nowSeconds() + this.codeLifetimeSeconds });
    return code;
  }

  findCode(code: string): AuthorizationCode | undefined {
    return this.codes.get(code);
  }

  /** After a token was issued for it: a code works once. */
  expireCode(code: string): void {
    this.codes.delete(code);
  }

  issueAccessToken(grant: Omit<AccessToken, 'expires'>): { token: string; expiresIn: number } {
    const token = newToken();
    this.tokens.set(token, { ...grant, expires: nowSeconds() + ACCESS_TOKEN_LIFETIME_SECONDS });
    return { token, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS };
  }

  findAccessToken(token: string): AccessToken | undefined {
    return this.tokens.get(token);
  }

  clear(): void {
    this.codes.clear();
    this.tokens.clear();
  }
}
