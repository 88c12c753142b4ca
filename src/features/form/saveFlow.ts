// Saving the update form, without VS Code: ask the host's own question before a reset, compare
// with the server first (stale form), send only the changes (and a reset when confirmed), keep a
// new secret before anything else, read back and verify, and answer the webview with one
// HostMessage. Cancelling works until the update is sent. The webview is not trusted: what it asks
// for (a reset, an overwrite) is checked against what this host itself showed and asked.
import { describeFailure } from '../../core/failure';
import type { OAuthCredentialsApi } from '../../core/whmcs/oauthCredentials';
import type { OAuthCredential } from '../../core/whmcs/types';
import { changedFormFields, formFieldsOf, toFormCredential } from '../../shared/formModel';
import type { FormCredential, FormFieldName, FormFields, FormMessage, HostMessage } from '../../shared/protocol';

export interface SaveDeps {
  api: OAuthCredentialsApi;
  /** Keeps a new client secret (never lost); resolves with where it went. */
  keepNewSecret(clientIdentifier: string, name: string, secret: string): Promise<{ storeDescription: string | undefined }>;
  /** A reset was sent but its outcome is unknown: remember to check it (by the old secret's fingerprint). */
  resetOutcomeUnknown(previousSecretFingerprint: string): Promise<void>;
  /** Asks the person (the host's own modal, not the webview's) whether to reset this credential's secret. */
  confirmReset(credential: FormCredential): Promise<boolean>;
}

/** What this host showed its panel: the version it loaded, and the one its last `stale` answer carried. */
export interface ShownVersions {
  loaded: FormCredential;
  /** Set from a `stale` answer until the next load or save: the version an overwrite may replace. */
  staleShown: FormCredential | undefined;
}

type SaveMessage = Extract<FormMessage, { type: 'save' }>;
type ApplyMessage = Extract<FormMessage, { type: 'applyAgainSafely' }>;

export async function saveCredential(
  deps: SaveDeps,
  shown: ShownVersions,
  message: SaveMessage,
  signal: AbortSignal,
  onPhase: (phase: 'checking' | 'sending' | 'verifying') => void,
): Promise<HostMessage> {
  let sent = false;
  try {
    // Before anything goes to the server: declined means not a single request.
    if (message.resetSecret && !(await deps.confirmReset(shown.loaded))) return { type: 'saveCancelled' };
    onPhase('checking');
    const current = await deps.api.get(message.credentialId, { signal });
    const currentForm = toFormCredential(current);
    const changedOnServer = changedFormFields(formFieldsOf(shown.loaded), formFieldsOf(currentForm));
    if (changedOnServer.length > 0 && !overwriteAllowed(message, shown.staleShown, currentForm)) {
      return { type: 'stale', changedFields: changedOnServer, current: currentForm };
    }
    if (signal.aborted) return { type: 'saveCancelled' };
    onPhase('sending');
    // From here the request goes out: it is not cancelled, so its outcome is always known.
    sent = true;
    const result = await deps.api.update(current, message.changes, { resetSecret: message.resetSecret, verify: true });
    let secretReset: { storeDescription: string | undefined } | undefined;
    if (result.newClientSecret !== undefined) {
      secretReset = await deps.keepNewSecret(current.clientIdentifier, current.name || current.clientIdentifier, result.newClientSecret);
    }
    onPhase('verifying');
    const readBack: OAuthCredential = result.readBack ?? (await deps.api.get(message.credentialId));
    return {
      type: 'saved',
      credential: toFormCredential(readBack),
      sentFields: result.sentFields,
      ...(secretReset ? { secretReset } : {}),
      differences: result.differences,
    };
  } catch (error) {
    const outcome = describeFailure(error).resetOutcomeUnknown;
    if (outcome) await deps.resetOutcomeUnknown(outcome.previousSecretFingerprint);
    return failure(error, !sent);
  }
}

export async function applyListsAgainSafely(deps: SaveDeps, message: ApplyMessage): Promise<HostMessage> {
  try {
    const current = await deps.api.get(message.credentialId);
    const lists: Partial<Pick<FormFields, 'scopes' | 'redirectUris'>> = message.lists;
    const result = await deps.api.applyListsAgainSafely(current, lists);
    const readBack = result.readBack ?? (await deps.api.get(message.credentialId));
    return { type: 'saved', credential: toFormCredential(readBack), sentFields: result.sentFields as FormFieldName[], differences: result.differences };
  } catch (error) {
    return failure(error);
  }
}

/**
 * An overwrite replaces the server's version only when this host showed it (its `stale` answer)
 * and the server still holds exactly that version; otherwise the person has not seen what would
 * be lost, so the save is answered `stale` again.
 */
export function overwriteAllowed(message: Pick<SaveMessage, 'overwrite'>, staleShown: FormCredential | undefined, current: FormCredential): boolean {
  return message.overwrite && staleShown !== undefined && sameVersion(staleShown, current);
}

/** The same version of a credential: same update time and the same editable fields. */
export function sameVersion(a: FormCredential, b: FormCredential): boolean {
  return a.credentialId === b.credentialId && a.updatedAt === b.updatedAt && changedFormFields(formFieldsOf(a), formFieldsOf(b)).length === 0;
}

function failure(error: unknown, nothingSent = false): HostMessage {
  const { message, hint, field, changed, cancelled } = describeFailure(error);
  if (cancelled) return { type: 'saveCancelled' };
  return { type: 'saveFailed', message, hint: hint ?? '', ...(field ? { field } : {}), notApplied: nothingSent || changed === 'no' };
}
