// Turns a ListOAuthCredentials client entry (whatever the WHMCS version sent: ints or numeric
// strings, escaped text, a string or an array of redirect URIs) into an OAuthCredential. The
// clientSecret in the entry is deliberately not copied.
//
// A server may answer with 10,000 entries, so the common case costs no copy: a string with no
// '&' is kept as it is, an array of plain non-empty strings is kept as it is, and the grant type
// and scope lists, which a server's credentials share a handful of, are split once per answer.
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

/** Already single-space separated, as WHMCS stores lists: split without a regex. */
const SIMPLE_WORDS = /^[^\s&]+(?: [^\s&]+)*$/;

function words(value: unknown): string[] {
  if (typeof value === 'string' && SIMPLE_WORDS.test(value)) return value.split(' ');
  const decoded = text(value).trim();
  return decoded ? decoded.split(/\s+/) : [];
}

/** Enough for every distinct grant type and scope list of a real server; more are split each time. */
const MAX_SHARED_LISTS = 512;

/**
 * Lists of one kind (grant types, scopes) already split in this answer, by their text, and the
 * last one: neighbours often share it, and comparing two strings is cheaper than hashing one.
 */
interface SplitLists {
  readonly byText: Map<string, readonly string[]>;
  lastText: string | undefined;
  last: readonly string[];
}

function splitLists(): SplitLists {
  return { byText: new Map(), lastText: undefined, last: [] };
}

/**
 * A space-separated list, split once per answer: credentials with the same scope string share
 * one frozen array (less to allocate now, less held by the tree later). Plain data and a
 * function, not a class: the cold JIT ran a method here several times slower (measured).
 */
function sharedWords(lists: SplitLists, value: unknown): readonly string[] {
  if (typeof value !== 'string') return words(value);
  if (value === lists.lastText) return lists.last;
  let split = lists.byText.get(value);
  if (split === undefined) {
    split = Object.freeze(words(value));
    if (lists.byText.size < MAX_SHARED_LISTS) lists.byText.set(value, split);
  }
  lists.lastText = value;
  lists.last = split;
  return split;
}

/** True when every item is a non-empty string with no entity to decode: the array can be kept. */
function isPlainList(items: readonly unknown[]): items is string[] {
  for (const item of items) {
    if (typeof item !== 'string' || item === '' || item.includes('&')) return false;
  }
  return true;
}

function list(value: unknown): readonly string[] {
  if (Array.isArray(value)) {
    if (isPlainList(value)) return value;
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

/** `entry` must be the caller's own (fresh from JSON.parse): a plain redirect URI array is kept, not copied. */
export function normaliseCredential(entry: Record<string, unknown>): OAuthCredential {
  return credentialFrom(entry, splitLists(), splitLists());
}

/** `grantTypeLists` and `scopeLists` share split lists across the entries of one answer. */
function credentialFrom(entry: Record<string, unknown>, grantTypeLists: SplitLists, scopeLists: SplitLists): OAuthCredential {
  const grantTypes = sharedWords(grantTypeLists, entry['grantTypes'] ?? entry['grantType']);
  return {
    credentialId: toInt(entry['credentialId']),
    name: text(entry['name']),
    description: text(entry['description']),
    grantType: grantTypes[0] ?? '',
    grantTypes,
    scopes: sharedWords(scopeLists, entry['scope']),
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
  return clientItems(answer).filter(isEntry);
}

/** Every credential of a List answer, in one pass over its entries. */
export function normaliseClients(answer: Record<string, unknown>): OAuthCredential[] {
  const grantTypeLists = splitLists();
  const scopeLists = splitLists();
  const credentials: OAuthCredential[] = [];
  for (const item of clientItems(answer)) {
    if (isEntry(item)) credentials.push(credentialFrom(item, grantTypeLists, scopeLists));
  }
  return credentials;
}

function clientItems(answer: Record<string, unknown>): readonly unknown[] {
  const clients = answer['clients'];
  return Array.isArray(clients) ? clients : clients && typeof clients === 'object' ? Object.values(clients) : [];
}

function isEntry(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null;
}
