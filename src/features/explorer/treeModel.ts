// What the credentials tree shows, as plain data: labels, descriptions, tooltips (Markdown text)
// and detail rows, plus the filter. No vscode import, so it is unit-tested with plain Node. Server
// data is hostile until proven otherwise: control characters are flattened and Markdown is
// escaped, so a name renders as the characters it contains. No client secret is ever shown.
import type { OAuthCredential } from '../../core/whmcs/types';

const NEEDS_FLATTENING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|^\s|\s$/;

export function plainText(text: string, maxLength = 200): string {
  if (text.length <= maxLength && (isTrimmedPrintableAscii(text) || !NEEDS_FLATTENING.test(text))) return text;
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/**
 * The common case, checked without a regex (a tree of 10,000 credentials asks for every label):
 * printable ASCII, spaces only inside. True means NEEDS_FLATTENING would not match; false
 * means only that the regex must decide.
 */
function isTrimmedPrintableAscii(text: string): boolean {
  const last = text.length - 1;
  if (last < 0) return true;
  if (text.charCodeAt(0) === 0x20 || text.charCodeAt(last) === 0x20) return false;
  for (let i = 0; i <= last; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

/** Escapes every character Markdown (and the HTML it allows) could interpret. */
export function escapeMarkdown(text: string): string {
  return plainText(text, 2_000).replace(/[\\`*_{}[\]()#+\-.!|<>~&:"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function credentialLabel(credential: OAuthCredential): string {
  return plainText(credential.name) || credential.clientIdentifier || `Credential ${credential.credentialId}`;
}

export function grantTypeLabel(grantType: string): string {
  if (grantType === 'authorization_code') return 'authorization code';
  if (grantType === 'single_sign_on') return 'single sign-on';
  return plainText(grantType) || 'no grant type';
}

/** `heldIn`: the store that holds the reset secret, if one does. */
export function credentialTooltip(credential: OAuthCredential, heldIn: string | undefined): string {
  const rows: Array<[string, string]> = [
    ['ID', String(credential.credentialId)],
    ['Client ID', credential.clientIdentifier],
    ['Grant type', credential.grantTypes.join(' ')],
    ['Scopes', credential.scopes.join(' ') || '(none)'],
    ['Service ID', credential.serviceId ? String(credential.serviceId) : '(none)'],
    ['Redirect URIs', credential.redirectUris.join(' ') || '(none)'],
    ['Created', credential.createdAt],
    ['Updated', credential.updatedAt],
    ['Reset secret', heldIn ? `held in ${heldIn}` : 'not held'],
  ];
  const title = `**${escapeMarkdown(credentialLabel(credential))}**`;
  const description = credential.description ? `\n\n${escapeMarkdown(credential.description)}` : '';
  const table = rows.map(([key, value]) => `| ${key} | ${escapeMarkdown(value)} |`).join('\n');
  return `${title}${description}\n\n| | |\n|---|---|\n${table}`;
}

export type DetailKey = 'clientId' | 'scopes' | 'redirectUris' | 'serviceId' | 'logoUri' | 'secret';

export interface DetailRow {
  key: DetailKey;
  label: string;
  value: string;
  icon: string;
  /** Rows with more than one item (scopes, redirect URIs) expand into them. */
  items: string[];
}

export function detailRows(credential: OAuthCredential, heldIn: string | undefined): DetailRow[] {
  const list = (items: readonly string[]) => (items.length === 0 ? '(none)' : items.length === 1 ? plainText(items[0] ?? '') : `${items.length}`);
  return [
    { key: 'clientId', label: 'Client ID', value: credential.clientIdentifier, icon: 'key', items: [] },
    { key: 'scopes', label: 'Scopes', value: list(credential.scopes), icon: 'symbol-enum', items: many(credential.scopes) },
    { key: 'redirectUris', label: 'Redirect URIs', value: list(credential.redirectUris), icon: 'link', items: many(credential.redirectUris) },
    { key: 'serviceId', label: 'Service ID', value: credential.serviceId ? String(credential.serviceId) : '(none)', icon: 'package', items: [] },
    { key: 'logoUri', label: 'Logo URI', value: plainText(credential.logoUri) || '(none)', icon: 'file-media', items: [] },
    {
      key: 'secret',
      label: 'Reset secret',
      value: heldIn ? `held in ${heldIn}` : 'not held',
      icon: heldIn ? 'lock' : 'unlock',
      items: [],
    },
  ];
}

function many(items: readonly string[]): string[] {
  return items.length > 1 ? items.map((item) => plainText(item, 500)) : [];
}

/** Case-insensitive match on what a person would search for. */
export function matchesFilter(credential: OAuthCredential, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  return searchText(credential).includes(needle);
}

/** Each credential's searchable fields, lower-cased once: a filter keystroke may scan 10,000. */
const searchTexts = new WeakMap<OAuthCredential, string>();

function searchText(credential: OAuthCredential): string {
  let text = searchTexts.get(credential);
  if (text === undefined) {
    // Joined by a character no filter contains, so that no match spans two fields.
    text = [
      credential.name,
      credential.description,
      credential.clientIdentifier,
      credential.grantType,
      String(credential.credentialId),
      ...credential.scopes,
      ...credential.redirectUris,
    ]
      .join('\u0000')
      .toLowerCase();
    searchTexts.set(credential, text);
  }
  return text;
}
