// Misbehaviours of the OpenID Connect provider a test can switch on, to see a relying party refuse
// what it must refuse (or cope with what it must cope with).
export interface OidcFaults {
  /** Every code is already expired when redeemed: invalid_grant "The authorization code has expired". */
  expireCodes?: boolean;
  /** ID tokens are signed by another key, whose kid the JWKS does not list. */
  rotatedSigningKey?: boolean;
  /** The ID token's iss differs from the discovery document's issuer. */
  wrongIssuer?: boolean;
  /** The ID token's iat and exp are shifted by this many seconds (the provider's clock is off). */
  clockSkewSeconds?: number;
  /** The token endpoint answers this much later. */
  tokenDelayMs?: number;
}

const BOOLEAN_KEYS = ['expireCodes', 'rotatedSigningKey', 'wrongIssuer'] as const;
const NUMBER_KEYS = ['clockSkewSeconds', 'tokenDelayMs'] as const;

/** Checks an untrusted value (e.g. a JSON body) and returns it as OidcFaults, or throws TypeError. */
export function parseOidcFaults(value: unknown): OidcFaults {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('OIDC faults must be an object');
  const record = value as Record<string, unknown>;
  const known: readonly string[] = [...BOOLEAN_KEYS, ...NUMBER_KEYS];
  const unknown = Object.keys(record).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new TypeError(`unknown OIDC fault ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const faults: OidcFaults = {};
  for (const key of BOOLEAN_KEYS) {
    const flag = record[key];
    if (flag === undefined) continue;
    if (typeof flag !== 'boolean') throw new TypeError(`${key} must be a boolean`);
    faults[key] = flag;
  }
  for (const key of NUMBER_KEYS) {
    const amount = record[key];
    if (amount === undefined) continue;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new TypeError(`${key} must be a finite number`);
    if (key === 'tokenDelayMs' && amount < 0) throw new TypeError('tokenDelayMs must be >= 0');
    faults[key] = amount;
  }
  return faults;
}

export class OidcFaultController {
  private current: OidcFaults = {};

  /** Merges: the keys given replace their earlier values, the others stay. */
  set(faults: OidcFaults): void {
    this.current = { ...this.current, ...parseOidcFaults(faults) };
  }

  clear(): void {
    this.current = {};
  }

  get(): OidcFaults {
    return { ...this.current };
  }
}
