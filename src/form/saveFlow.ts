// Saving the update form, without VS Code: compare with the server first (stale form), send only
// the changes (and a reset when asked), keep a new secret before anything else, read back and
// verify, and answer the webview with one HostMessage. Cancelling works until the update is sent.
import type { OAuthCredentialsApi } from '../whmcs/oauthCredentials';
import type { OAuthCredential } from '../whmcs/types';
import { changedFormFields, formFieldsOf, toFormCredential } from './formModel';
import type { FormCredential, FormFieldName, FormFields, FormMessage, HostMessage } from './protocol';

export interface SaveDeps {
  api: OAuthCredentialsApi;
  /** Keeps a new client secret (never lost); resolves with where it went. */
  keepNewSecret(clientIdentifier: string, name: string, secret: string): Promise<{ storeDescription: string | undefined }>;
  /** A reset was sent but its outcome is unknown: remember to check it. */
  resetOutcomeUnknown(error: Error): Promise<void>;
}

type SaveMessage = Extract<FormMessage, { type: 'save' }>;
type ApplyMessage = Extract<FormMessage, { type: 'applyAgainSafely' }>;

export async function saveCredential(
  deps: SaveDeps,
  loaded: FormCredential,
  message: SaveMessage,
  signal: AbortSignal,
  onPhase: (phase: 'checking' | 'sending' | 'verifying') => void,
): Promise<HostMessage> {
  let sent = false;
  try {
    onPhase('checking');
    const current = await deps.api.get(message.credentialId, { signal });
    const changedOnServer = changedFormFields(formFieldsOf(loaded), formFieldsOf(toFormCredential(current)));
    if (changedOnServer.length > 0 && !message.overwrite) {
      return { type: 'stale', changedFields: changedOnServer, current: toFormCredential(current) };
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
    if ((error as { kind?: unknown }).kind === 'resetUnknown') await deps.resetOutcomeUnknown(error as Error);
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

function failure(error: unknown, nothingSent = false): HostMessage {
  const { message, hint, field, kind, maybeApplied, reason } = error as {
    message?: unknown;
    hint?: unknown;
    field?: unknown;
    kind?: unknown;
    maybeApplied?: unknown;
    reason?: unknown;
  };
  if (kind === 'transport' && reason === 'cancelled') return { type: 'saveCancelled' };
  const notApplied =
    nothingSent ||
    kind === 'auth' || kind === 'ip' || kind === 'permission' || kind === 'validation' || kind === 'server' || kind === 'resetNotApplied' || (kind === 'transport' && maybeApplied === false);
  return {
    type: 'saveFailed',
    message: typeof message === 'string' ? message : String(error),
    hint: typeof hint === 'string' ? hint : '',
    ...(typeof field === 'string' ? { field: field as NonNullable<Extract<HostMessage, { type: 'saveFailed' }>['field']> } : {}),
    notApplied,
  };
}
