// Turns a ListOAuthCredentials client entry (whatever the WHMCS version sent: ints or numeric
// strings, escaped text, a string or an array of redirect URIs) into an OAuthCredential. The
// clientSecret in the entry is deliberately not copied.
import { decodeHtmlEntities } from './htmlEntities';
import type { OAuthCredential } from './types';

export function toInt(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'string') {
    const match = /^\s*[+-]?\d+/.exec(value);
    return match ? Number.parseInt(match[0], 10) : 0;
  }
  return 0;
}

function text(value: unknown): string {
  return typeof value === 'string' ? decodeHtmlEntities(value) : typeof value === 'number' ? String(value) : '';
}

/** Already single-space separated, as WHMCS stores lists: split without a regex (hot path). */
const SIMPLE_WORDS = /^[^\s&]+(?: [^\s&]+)*$/;

function words(value: unknown): string[] {
  if (typeof value === 'string' && SIMPLE_WORDS.test(value)) return value.split(' ');
  const decoded = text(value).trim();
  return decoded ? decoded.split(/\s+/) : [];
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const decoded = text(item);
      if (decoded !== '') items.push(decoded);
    }
    return items;
  }
  if (value && typeof value === 'object') return Object.values(value).map(text).filter((item) => item !== '');
  return words(value);
}

export function normaliseCredential(entry: Record<string, unknown>): OAuthCredential {
  const grantTypes = words(entry['grantTypes'] ?? entry['grantType']);
  return {
    credentialId: toInt(entry['credentialId']),
    name: text(entry['name']),
    description: text(entry['description']),
    grantType: grantTypes[0] ?? '',
    grantTypes,
    scopes: words(entry['scope']),
    clientIdentifier: text(entry['clientIdentifier']),
    serviceId: toInt(entry['serviceId']),
    logoUri: text(entry['logoUri']),
    redirectUris: list(entry['redirectUri']),
    rsaKeyPairId: toInt(entry['rsaKeyPairId']),
    createdAt: text(entry['createdAt']),
    updatedAt: text(entry['updatedAt']),
  };
}

/** The `clients` array of a List answer (WHMCS sends [] or, from some versions, an object). */
export function clientEntries(answer: Record<string, unknown>): Array<Record<string, unknown>> {
  const clients = answer['clients'];
  const items = Array.isArray(clients) ? clients : clients && typeof clients === 'object' ? Object.values(clients) : [];
  return items.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}
