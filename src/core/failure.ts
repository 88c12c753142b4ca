// The one guard that says what an error means for the person: its message, the hint, and whether
// anything may have changed on the server. It reads the `kind` the errors carry, never
// `instanceof`, because the extension and the lazily loaded dist/core.js each bundle their own
// copy of the error classes. No other module compares kind strings.
import type { CredentialField } from './whmcs/errors';

export interface Failure {
  /** The error's kind (e.g. "auth", "transport", "missingSecret"), or "error" for anything else. */
  kind: string;
  message: string;
  hint: string | undefined;
  /**
   * Whether the server may have been changed: "no" when the request was refused or never sent,
   * "maybe" when it may have been applied (a lost answer, an unknown error).
   */
  changed: 'no' | 'maybe';
  /** The person cancelled it: nothing to report. */
  cancelled: boolean;
  /** The form field it concerns, when the server or the validation named one. */
  field: CredentialField | undefined;
  /** The server refused this address (IP allow-list): the address it saw, when it said so. */
  refusedAddress: { ip: string | undefined } | undefined;
  /** A secret reset whose outcome is unknown: what a later check needs. */
  resetOutcomeUnknown: { previousSecretFingerprint: string } | undefined;
}

/** Kinds of errors raised before or instead of applying anything. */
const NOTHING_CHANGED = new Set([
  'auth',
  'ip',
  'permission',
  'validation',
  'server',
  'resetNotApplied',
  'missingSecret',
  'notAllowed',
  'invalidUrl',
  'secretStore',
  'caFile',
]);

export function describeFailure(error: unknown): Failure {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const kind = typeof record['kind'] === 'string' ? record['kind'] : kindByName(record['name']);
  const message = typeof record['message'] === 'string' ? record['message'] : String(error);
  const cancelled = kind === 'transport' && record['reason'] === 'cancelled';
  const nothingChanged = NOTHING_CHANGED.has(kind) || (kind === 'transport' && record['maybeApplied'] === false) || cancelled;
  const fingerprint = record['previousSecretFingerprint'];
  return {
    kind,
    message,
    hint: typeof record['hint'] === 'string' ? record['hint'] : undefined,
    changed: nothingChanged ? 'no' : 'maybe',
    cancelled,
    field: typeof record['field'] === 'string' ? (record['field'] as CredentialField) : undefined,
    refusedAddress: kind === 'ip' ? { ip: typeof record['ip'] === 'string' ? record['ip'] : undefined } : undefined,
    resetOutcomeUnknown: kind === 'resetUnknown' && typeof fingerprint === 'string' ? { previousSecretFingerprint: fingerprint } : undefined,
  };
}

/** Errors of this project that carry no `kind` field, recognised by their class name. */
function kindByName(name: unknown): string {
  switch (name) {
    case 'InvalidServerUrlError':
    case 'InsecureHttpError':
      return 'invalidUrl';
    case 'SecretStoreError':
      return 'secretStore';
    default:
      return 'error';
  }
}

/** What a person is told about whether anything changed. */
export function changeNote(failure: Failure): string {
  return failure.changed === 'no' ? 'Nothing was changed on the server.' : 'It may have been applied on the server: refresh before trying again.';
}
