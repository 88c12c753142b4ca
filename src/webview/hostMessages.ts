// Checks a message event's data before the form acts on it: the host is the extension, but the
// page should never break on (or render as markup) something unexpected. Values stay text.
import { FORM_FIELD_NAMES, type FormCredential, type FormFieldName, type HostMessage, type ListDifference } from '../shared/protocol';
import type { CredentialField } from '../core/whmcs/errors';

const CREDENTIAL_FIELDS: readonly CredentialField[] = ['credentialId', 'name', 'description', 'grantType', 'scope', 'serviceId', 'logoUri', 'redirectUri'];
const PHASES = ['checking', 'sending', 'verifying'] as const;

export function parseHostMessage(data: unknown): HostMessage | undefined {
  if (!isRecord(data)) return undefined;
  switch (data['type']) {
    case 'load': {
      const credential = parseCredential(data['credential']);
      const { serverId, serverLabel, scopeSuggestions, storeDescription, secretHeld } = data;
      if (!credential || typeof serverId !== 'string' || typeof serverLabel !== 'string' || !isStrings(scopeSuggestions) || typeof storeDescription !== 'string' || typeof secretHeld !== 'boolean') return undefined;
      return { type: 'load', serverId, credential, serverLabel, scopeSuggestions: [...scopeSuggestions], storeDescription, secretHeld };
    }
    case 'saving': {
      const phase = PHASES.find((known) => known === data['phase']);
      return phase && { type: 'saving', phase };
    }
    case 'saved': {
      const credential = parseCredential(data['credential']);
      const sentFields = parseFieldNames(data['sentFields']);
      const differences = parseDifferences(data['differences']);
      const secretReset = data['secretReset'];
      if (!credential || !sentFields || !differences) return undefined;
      const message: HostMessage = { type: 'saved', credential, sentFields, differences };
      if (secretReset === undefined) return message;
      if (!isRecord(secretReset)) return undefined;
      const storeDescription = secretReset['storeDescription'];
      if (storeDescription !== undefined && typeof storeDescription !== 'string') return undefined;
      return { ...message, secretReset: { storeDescription } };
    }
    case 'saveFailed': {
      const { message, hint, field, notApplied } = data;
      if (typeof message !== 'string' || typeof hint !== 'string' || typeof notApplied !== 'boolean') return undefined;
      if (field === undefined) return { type: 'saveFailed', message, hint, notApplied };
      const known = CREDENTIAL_FIELDS.find((name) => name === field);
      return known && { type: 'saveFailed', message, hint, field: known, notApplied };
    }
    case 'stale': {
      const changedFields = parseFieldNames(data['changedFields']);
      const current = parseCredential(data['current']);
      return changedFields && current && { type: 'stale', changedFields, current };
    }
    case 'changed': {
      const credential = parseCredential(data['credential']);
      return credential && { type: 'changed', credential };
    }
    case 'saveCancelled':
    case 'secretCopied':
      return { type: data['type'] };
    default:
      return undefined;
  }
}

function parseCredential(value: unknown): FormCredential | undefined {
  if (!isRecord(value)) return undefined;
  const { credentialId, clientIdentifier, name, description, grantType, scopes, serviceId, logoUri, redirectUris, createdAt, updatedAt } = value;
  const texts = [clientIdentifier, name, description, grantType, logoUri, createdAt, updatedAt];
  if (typeof credentialId !== 'number' || typeof serviceId !== 'number' || !texts.every((text) => typeof text === 'string')) return undefined;
  if (!isStrings(scopes) || !isStrings(redirectUris)) return undefined;
  return {
    credentialId,
    clientIdentifier: String(clientIdentifier),
    name: String(name),
    description: String(description),
    grantType: String(grantType),
    scopes: [...scopes],
    serviceId,
    logoUri: String(logoUri),
    redirectUris: [...redirectUris],
    createdAt: String(createdAt),
    updatedAt: String(updatedAt),
  };
}

function parseFieldNames(value: unknown): FormFieldName[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names = value.map((item) => FORM_FIELD_NAMES.find((name) => name === item));
  return names.every((name) => name !== undefined) ? (names as FormFieldName[]) : undefined;
}

function parseDifferences(value: unknown): ListDifference[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const differences: ListDifference[] = [];
  for (const item of value) {
    if (!isRecord(item) || (item['field'] !== 'scopes' && item['field'] !== 'redirectUris')) return undefined;
    const { missing, extra } = item;
    if (!isStrings(missing) || !isStrings(extra)) return undefined;
    differences.push({ field: item['field'], missing: [...missing], extra: [...extra] });
  }
  return differences;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
