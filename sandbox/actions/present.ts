// A stored credential as ListOAuthCredentials returns it: exactly the documented keys, stored
// (escaped) strings as they are, dates in PHP's 'jS F Y g:i:sa'.
import { formatPhpDate } from '../phpDate';
import type { StoredCredential } from '../state';

export function presentCredential(credential: StoredCredential): Record<string, unknown> {
  return {
    credentialId: credential.credentialId,
    name: credential.name,
    description: credential.description,
    grantTypes: credential.grantTypes,
    scope: credential.scope,
    clientIdentifier: credential.clientIdentifier,
    clientSecret: credential.clientSecret,
    uuid: null,
    serviceId: credential.serviceId,
    logoUri: credential.logoUri,
    redirectUri: [...credential.redirectUri],
    rsaKeyPairId: credential.rsaKeyPairId,
    createdAt: formatPhpDate(credential.createdAt),
    updatedAt: formatPhpDate(credential.updatedAt),
  };
}
