// The one message protocol between the update form's webview and the extension host. Both sides
// import these types; the host validates every incoming message at run time (parseFormMessage),
// because a webview is untrusted input. No message in either direction ever carries a secret.
import type { CredentialField } from '../core/whmcs/errors';

/** The editable view of a credential the form works on (decoded text, never a secret). */
export interface FormCredential {
  credentialId: number;
  clientIdentifier: string;
  name: string;
  description: string;
  grantType: string;
  scopes: string[];
  serviceId: number;
  logoUri: string;
  redirectUris: string[];
  createdAt: string;
  updatedAt: string;
}

/** The fields a person edits in the form. */
export type FormFields = Pick<FormCredential, 'name' | 'description' | 'grantType' | 'scopes' | 'serviceId' | 'logoUri' | 'redirectUris'>;
export type FormFieldName = keyof FormFields;

export const FORM_FIELD_NAMES: readonly FormFieldName[] = ['name', 'description', 'grantType', 'scopes', 'serviceId', 'logoUri', 'redirectUris'];

export interface ListDifference {
  field: 'scopes' | 'redirectUris';
  missing: string[];
  extra: string[];
}

// ---- extension host -> webview -------------------------------------------------------------

export type HostMessage =
  | {
      type: 'load';
      /** The server of this panel: the webview keeps it in its state for the panel serializer. */
      serverId: string;
      credential: FormCredential;
      serverLabel: string;
      /** Standard WHMCS scopes plus those the server already uses. */
      scopeSuggestions: string[];
      /** Where a reset secret would be stored, e.g. "the OS keychain (Secret Service)". */
      storeDescription: string;
      /** Whether a reset client secret of this credential is held in a secret store. */
      secretHeld: boolean;
    }
  | { type: 'saving'; phase: 'checking' | 'sending' | 'verifying' }
  | {
      type: 'saved';
      credential: FormCredential;
      sentFields: FormFieldName[];
      /** Present when the secret was reset: where it went (undefined: only shown to the person). */
      secretReset?: { storeDescription: string | undefined };
      /** Lists the server did not store as sent (WHMCS 8.7 merge defect). */
      differences: ListDifference[];
    }
  | {
      type: 'saveFailed';
      message: string;
      hint: string;
      /** The form field the error concerns, when known. */
      field?: CredentialField;
      /** True when nothing was changed on the server (safe to try again). */
      notApplied: boolean;
    }
  | {
      /** The credential changed on the server since the form loaded it. */
      type: 'stale';
      changedFields: FormFieldName[];
      current: FormCredential;
    }
  | { type: 'saveCancelled' }
  | { type: 'secretCopied' }
  | {
      /**
       * The credential changed elsewhere (a command, the tree, a refresh that found a change made
       * on the server). A form without edits reloads; one with edits keeps them and is told.
       */
      type: 'changed';
      credential: FormCredential;
    };

// ---- webview -> extension host -------------------------------------------------------------

export type FormMessage =
  | { type: 'ready' }
  | {
      type: 'save';
      credentialId: number;
      /** The updatedAt of the version the person edited, to detect a stale form. */
      baseUpdatedAt: string;
      /** Only the fields that differ from the loaded credential. */
      changes: Partial<FormFields>;
      resetSecret: boolean;
      /** Save even though the server changed since loading (after a 'stale' answer). */
      overwrite: boolean;
    }
  | { type: 'cancelSave' }
  | { type: 'reload' }
  | { type: 'applyAgainSafely'; credentialId: number; lists: Partial<Pick<FormFields, 'scopes' | 'redirectUris'>> }
  | { type: 'copySecret'; credentialId: number }
  /** "Test Sign-In…": the host runs the sign-in test of this panel's credential as saved. */
  | { type: 'testSignIn'; credentialId: number };

/** What a MySQL TEXT column (where WHMCS keeps these fields) holds; the form says so before sending. */
export const MAX_TEXT_LENGTH = 65_535;
export const MAX_LIST_ITEMS = 200;

export type ParseResult = { ok: true; message: FormMessage } | { ok: false; reason: string };

/**
 * Validates a message from the webview: known type, exact keys, right types, bounded sizes, and
 * the credential of this panel. The reason never includes the values.
 */
export function parseFormMessage(value: unknown, credentialId: number): ParseResult {
  if (!isRecord(value)) return fail('not an object');
  const type = value['type'];
  switch (type) {
    case 'ready':
    case 'cancelSave':
    case 'reload':
      return exactKeys(value, ['type']) ?? ok({ type });
    case 'copySecret':
    case 'testSignIn':
      return exactKeys(value, ['type', 'credentialId']) ?? sameCredential(value, credentialId) ?? ok({ type, credentialId });
    case 'applyAgainSafely': {
      const problem = exactKeys(value, ['type', 'credentialId', 'lists']) ?? sameCredential(value, credentialId);
      if (problem) return problem;
      const lists = value['lists'];
      if (!isRecord(lists)) return fail('lists is not an object');
      const listProblem = onlyKeys(lists, ['scopes', 'redirectUris']);
      if (listProblem) return listProblem;
      const parsed: Partial<Pick<FormFields, 'scopes' | 'redirectUris'>> = {};
      for (const key of ['scopes', 'redirectUris'] as const) {
        if (!(key in lists)) continue;
        const list = stringList(lists[key]);
        if (!list) return fail(`lists.${key} is not a list of short strings`);
        parsed[key] = list;
      }
      return ok({ type, credentialId, lists: parsed });
    }
    case 'save': {
      const problem =
        exactKeys(value, ['type', 'credentialId', 'baseUpdatedAt', 'changes', 'resetSecret', 'overwrite']) ?? sameCredential(value, credentialId);
      if (problem) return problem;
      if (typeof value['baseUpdatedAt'] !== 'string' || value['baseUpdatedAt'].length > 100) return fail('baseUpdatedAt is not a short string');
      if (typeof value['resetSecret'] !== 'boolean') return fail('resetSecret is not a boolean');
      if (typeof value['overwrite'] !== 'boolean') return fail('overwrite is not a boolean');
      const changes = parseChanges(value['changes']);
      if (!changes.ok) return changes;
      return ok({
        type,
        credentialId,
        baseUpdatedAt: value['baseUpdatedAt'],
        changes: changes.changes,
        resetSecret: value['resetSecret'],
        overwrite: value['overwrite'],
      });
    }
    default:
      return fail(typeof type === 'string' ? 'unknown message type' : 'no message type');
  }
}

function parseChanges(value: unknown): { ok: true; changes: Partial<FormFields> } | { ok: false; reason: string } {
  if (!isRecord(value)) return fail('changes is not an object');
  const unknown = onlyKeys(value, FORM_FIELD_NAMES);
  if (unknown) return unknown;
  const changes: Partial<FormFields> = {};
  for (const key of ['name', 'description', 'grantType', 'logoUri'] as const) {
    if (!(key in value)) continue;
    const text = value[key];
    if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH) return fail(`changes.${key} is not a string of at most ${MAX_TEXT_LENGTH} characters`);
    changes[key] = text;
  }
  if ('serviceId' in value) {
    const id = value['serviceId'];
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return fail('changes.serviceId is not a whole number');
    changes.serviceId = id;
  }
  for (const key of ['scopes', 'redirectUris'] as const) {
    if (!(key in value)) continue;
    const list = stringList(value[key]);
    if (!list) return fail(`changes.${key} is not a list of at most ${MAX_LIST_ITEMS} short strings`);
    changes[key] = list;
  }
  return { ok: true, changes };
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_LIST_ITEMS) return undefined;
  return value.every((item) => typeof item === 'string' && item.length <= MAX_TEXT_LENGTH) ? (value as string[]) : undefined;
}

function sameCredential(value: Record<string, unknown>, credentialId: number): ParseResult | undefined {
  return value['credentialId'] === credentialId ? undefined : fail('message for another credential');
}

function exactKeys(value: Record<string, unknown>, keys: readonly string[]): ParseResult | undefined {
  const missing = keys.find((key) => !(key in value));
  return missing ? fail(`missing ${missing}`) : onlyKeys(value, keys);
}

function onlyKeys(value: Record<string, unknown>, keys: readonly string[]): { ok: false; reason: string } | undefined {
  const extra = Object.keys(value).find((key) => !keys.includes(key));
  return extra === undefined ? undefined : fail('unexpected field');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ok(message: FormMessage): ParseResult {
  return { ok: true, message };
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

// --- The Test Sign-In report --------------------------------------------------------------------
// The report page is rendered by the host (plain text in HTML, no data by message); its only
// messages are the person's clicks on the buttons the host offered.

export type ReportMessage = { type: 'runAgain' } | { type: 'fix' };

/** Validates a message from the report page: exactly `{type:'runAgain'}` or `{type:'fix'}`. */
export function parseReportMessage(value: unknown): { ok: true; message: ReportMessage } | { ok: false; reason: string } {
  if (!isRecord(value)) return fail('not an object');
  const type = value['type'];
  if (type !== 'runAgain' && type !== 'fix') return fail(typeof type === 'string' ? 'unknown message type' : 'no message type');
  const problem = exactKeys(value, ['type']);
  return problem && !problem.ok ? problem : { ok: true, message: { type } };
}
