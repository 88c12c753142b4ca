// ListOAuthCredentials: grantType (substring filter), sortField (a database column), sortOrder
// (ASC|DESC), limit. No paging and no total.
import type { StoredCredential } from '../state';
import { presentCredential } from './present';
import type { Action } from './types';

// Database columns of tbloauthserver_clients that can be sorted on. Anything else (including
// response keys like "credentialId") is ignored, leaving the default order: id ascending.
const SORT_COLUMNS: Readonly<Record<string, (credential: StoredCredential) => string | number>> = {
  id: (c) => c.credentialId,
  identifier: (c) => c.clientIdentifier,
  secret: (c) => c.clientSecret,
  grant_types: (c) => c.grantTypes,
  scope: (c) => c.scope,
  service_id: (c) => c.serviceId,
  name: (c) => c.name,
  description: (c) => c.description,
  logo_uri: (c) => c.logoUri,
  redirect_uri: (c) => c.redirectUri.join(' '),
  rsa_key_pair_id: (c) => c.rsaKeyPairId,
  created_at: (c) => c.createdAt.getTime(),
  updated_at: (c) => c.updatedAt.getTime(),
};

// Strings compare case-insensitively, like MySQL's default collation.
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = String(a).toLowerCase();
  const right = String(b).toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

export const listOAuthCredentials: Action = ({ params, state }) => {
  let rows = state.listCredentials();

  const grantType = (params.string('grantType') ?? '').toLowerCase();
  if (grantType !== '') rows = rows.filter((row) => row.grantTypes.toLowerCase().includes(grantType));

  const column = SORT_COLUMNS[params.string('sortField') ?? ''];
  const descending = (params.string('sortOrder') ?? '').toUpperCase() === 'DESC';
  const key = column ?? SORT_COLUMNS['id'];
  if (key) {
    rows.sort((a, b) => {
      const order = compareValues(key(a), key(b)) || a.credentialId - b.credentialId;
      return descending ? -order : order;
    });
  }

  // Laravel's limit(): 0 is falsy (no limit) and negative values are ignored.
  const limit = params.int('limit');
  if (limit > 0) rows = rows.slice(0, limit);

  return { result: 'success', clients: rows.map(presentCredential) };
};
