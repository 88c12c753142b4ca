// Finds a server's credential by ID for the tree, which looks one up for every row it draws.
// A Map of 10,000 credentials held about 0.7 MB next to the list itself; this holds nothing
// when the list is in ID order (WHMCS's default) and 4 bytes per credential when it is not.
// Like a Map built from the list, a repeated ID finds the last credential with it.
import type { OAuthCredential } from '../core/whmcs/types';

export class CredentialIndex {
  /** Positions in the list, by ascending ID (list order among equal IDs); undefined when the list is in ID order. */
  private readonly order: Uint32Array | undefined;

  constructor(private readonly credentials: readonly OAuthCredential[]) {
    this.order = inIdOrder(credentials) ? undefined : positionsById(credentials);
  }

  get(credentialId: number): OAuthCredential | undefined {
    // The first position whose ID is greater: the one before it is the last with this ID, if any.
    let low = 0;
    let high = this.credentials.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.at(middle)?.credentialId ?? Infinity) <= credentialId) low = middle + 1;
      else high = middle;
    }
    const found = low > 0 ? this.at(low - 1) : undefined;
    return found?.credentialId === credentialId ? found : undefined;
  }

  private at(rank: number): OAuthCredential | undefined {
    return this.credentials[this.order ? (this.order[rank] ?? -1) : rank];
  }
}

function inIdOrder(credentials: readonly OAuthCredential[]): boolean {
  for (let i = 1; i < credentials.length; i++) {
    if ((credentials[i - 1]?.credentialId ?? 0) > (credentials[i]?.credentialId ?? 0)) return false;
  }
  return true;
}

function positionsById(credentials: readonly OAuthCredential[]): Uint32Array {
  const id = (position: number) => credentials[position]?.credentialId ?? 0;
  return Uint32Array.from(credentials.keys()).sort((a, b) => id(a) - id(b) || a - b);
}
