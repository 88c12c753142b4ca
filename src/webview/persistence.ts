// What the webview keeps in VS Code's webview state (vscode.getState/setState) so an unsaved draft
// survives the panel being hidden and VS Code reloading. It holds the draft and the version it was
// based on — never a secret: the protocol carries none, and nothing else is written here. The host's
// panel serializer reads serverId and credentialId from it to reopen the panel after a reload.
import type { FormFields } from '../shared/protocol';

export interface PersistedDraft {
  version: 1;
  serverId: string;
  credentialId: number;
  /** The updatedAt of the loaded credential the draft was edited from. */
  baseUpdatedAt: string;
  draft: FormFields;
  resetSecret: boolean;
}

/** The state read back is data from an earlier run (maybe an older build): check every part. */
export function parsePersistedDraft(value: unknown): PersistedDraft | undefined {
  if (!isRecord(value) || value['version'] !== 1) return undefined;
  const { serverId, credentialId, baseUpdatedAt, draft, resetSecret } = value;
  if (typeof serverId !== 'string' || typeof credentialId !== 'number' || typeof baseUpdatedAt !== 'string' || typeof resetSecret !== 'boolean') return undefined;
  const fields = parseFields(draft);
  return fields && { version: 1, serverId, credentialId, baseUpdatedAt, draft: fields, resetSecret };
}

function parseFields(value: unknown): FormFields | undefined {
  if (!isRecord(value)) return undefined;
  const { name, description, grantType, scopes, serviceId, logoUri, redirectUris } = value;
  if (typeof name !== 'string' || typeof description !== 'string' || typeof grantType !== 'string' || typeof logoUri !== 'string') return undefined;
  // JSON turns a NaN typed into the service ID into null: keep it invalid rather than drop the draft.
  const id = typeof serviceId === 'number' ? serviceId : serviceId === null ? Number.NaN : undefined;
  if (id === undefined || !isStringList(scopes) || !isStringList(redirectUris)) return undefined;
  return { name, description, grantType, scopes: [...scopes], serviceId: id, logoUri, redirectUris: [...redirectUris] };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
