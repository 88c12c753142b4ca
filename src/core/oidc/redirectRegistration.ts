// Registers and unregisters the loopback redirect URI of a Test Sign-In on a credential. Each is
// one UpdateOAuthCredential that only adds or only removes (so the WHMCS 8.7 merge defect, which
// drops additions made together with removals, cannot bite), never with resetSecret, and is
// verified by reading the credential back: every other URI must be exactly as it was.
import type { OAuthCredentialsApi } from '../whmcs/oauthCredentials';
import type { OAuthCredential } from '../whmcs/types';

/** The server did not store the redirect URIs as sent. */
export class RedirectRegistrationError extends Error {
  constructor(
    message: string,
    readonly credentialId: number,
    readonly stored: readonly string[],
  ) {
    super(message);
    this.name = 'RedirectRegistrationError';
  }
}

export interface RegistrationResult {
  /** False when there was nothing to do (already registered, or already gone). */
  changed: boolean;
  credential: OAuthCredential;
}

/**
 * Adds `uri` to the credential's redirect URIs as the server holds them now (not as `credential`
 * was read: a URI added since must not be dropped).
 */
export async function addRedirectUri(api: OAuthCredentialsApi, credential: OAuthCredential, uri: string, signal?: AbortSignal): Promise<RegistrationResult> {
  const current = await api.get(credential.credentialId, { signal });
  if (current.redirectUris.includes(uri)) return { changed: false, credential: current };
  const wanted = [...current.redirectUris, uri];
  const result = await api.update(current, { redirectUris: wanted }, { signal, verify: true });
  const stored = result.readBack ?? (await api.get(credential.credentialId, { signal }));
  if (!sameList(stored.redirectUris, wanted)) {
    throw new RedirectRegistrationError(
      `WHMCS did not store the redirect URI ${uri} as sent on credential ${credential.credentialId}; it now has: ${stored.redirectUris.join(' ') || '(none)'}.`,
      credential.credentialId,
      stored.redirectUris,
    );
  }
  return { changed: true, credential: stored };
}

/** Removes `uri` from the credential's redirect URIs as the server holds them now. */
export async function removeRedirectUri(api: OAuthCredentialsApi, credentialId: number, uri: string, signal?: AbortSignal): Promise<RegistrationResult> {
  const current = await api.get(credentialId, { signal });
  if (!current.redirectUris.includes(uri)) return { changed: false, credential: current };
  const wanted = current.redirectUris.filter((item) => item !== uri);
  const result = await api.update(current, { redirectUris: wanted }, { signal, verify: true });
  const stored = result.readBack ?? (await api.get(credentialId, { signal }));
  if (!sameList(stored.redirectUris, wanted)) {
    throw new RedirectRegistrationError(
      `WHMCS did not remove the redirect URI ${uri} from credential ${credentialId} as sent; it now has: ${stored.redirectUris.join(' ') || '(none)'}.`,
      credentialId,
      stored.redirectUris,
    );
  }
  return { changed: true, credential: stored };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
