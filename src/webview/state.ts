// The update form's state and every change to it, as pure functions without a DOM: a user action
// or a host message in, the next state (and at most one message for the host) out. The view only
// draws a FormState; main.ts wires the two together. Unit-tested with plain Node.
import { changedFormFields, changesOf, formFieldOf, formFieldsOf, validateDraft } from '../shared/formModel';
import type { FormCredential, FormFieldName, FormFields, FormMessage, HostMessage, ListDifference } from '../shared/protocol';
import { GRANT_TYPES } from '../core/whmcs/types';
import { parseScopes } from '../core/whmcs/validation';
import { FIELD_LABELS } from './labels';
import type { PersistedDraft } from './persistence';
import type { SavePhase } from './savePhase';

export type LoadMessage = Extract<HostMessage, { type: 'load' }>;
export type SaveMessage = Extract<FormMessage, { type: 'save' }>;
export type { SavePhase } from './savePhase';
export type WantedLists = Partial<Pick<FormFields, 'scopes' | 'redirectUris'>>;

export type Activity =
  | { kind: 'editing' }
  /** Save was pressed with "Reset client secret" ticked: the next press confirms. */
  | { kind: 'confirmingReset' }
  | { kind: 'saving'; phase: SavePhase; cancelRequested: boolean };

export type Banner =
  | {
      kind: 'saved';
      sentFields: FormFieldName[];
      secretReset: { storeDescription: string | undefined } | undefined;
      differences: ListDifference[];
      /** The lists as they were submitted, for "Apply again safely". */
      wanted: WantedLists;
    }
  | { kind: 'stale'; changedFields: FormFieldName[] }
  | { kind: 'failed'; message: string; hint: string; notApplied: boolean }
  | { kind: 'cancelled' };

/** A server error about one field, in the server's words. */
export interface FieldError {
  field: FormFieldName;
  message: string;
  hint: string;
}

export interface FormState {
  /** The server of this panel (kept in the webview state for the host's panel serializer). */
  serverId: string;
  loaded: FormCredential;
  serverLabel: string;
  scopeSuggestions: string[];
  storeDescription: string;
  secretHeld: boolean;
  draft: FormFields;
  resetSecret: boolean;
  activity: Activity;
  banner: Banner | undefined;
  /** The host copied the reset secret (answer to copySecret). */
  secretCopied: boolean;
  serverFieldError: FieldError | undefined;
  /** A short status for the live region, e.g. after Revert. */
  notice: string | undefined;
  /** The last save sent: Overwrite (after a stale answer) repeats it. */
  lastSave: SaveMessage | undefined;
  /** The fields as they were last submitted (save or apply), to know what the server should hold. */
  submitted: FormFields | undefined;
  /** Scopes typed in this session, kept as choices after they are unticked. */
  addedScopes: string[];
}

export type UserAction =
  | { type: 'setText'; field: 'name' | 'description' | 'grantType' | 'logoUri'; value: string }
  | { type: 'setServiceId'; text: string }
  | { type: 'toggleScope'; scope: string; selected: boolean }
  | { type: 'addScopes'; text: string }
  | { type: 'addRedirectUri'; uri: string }
  | { type: 'editRedirectUri'; index: number; uri: string }
  | { type: 'removeRedirectUri'; index: number }
  | { type: 'moveRedirectUri'; index: number; offset: -1 | 1 }
  | { type: 'setResetSecret'; on: boolean }
  /** The Save (or "Confirm reset and save") button. */
  | { type: 'save' }
  /** Enter in a field: saves, but never confirms a secret reset. */
  | { type: 'saveShortcut' }
  | { type: 'cancelConfirm' }
  | { type: 'revert' }
  | { type: 'cancelSave' }
  | { type: 'reload' }
  | { type: 'overwrite' }
  | { type: 'applyAgainSafely' }
  | { type: 'copySecret' }
  /** "Test Sign-In…": the host tests the credential as saved; the draft stays as it is. */
  | { type: 'testSignIn' };

export interface Step {
  state: FormState;
  /** The message to post to the host, if any. */
  send: FormMessage | undefined;
}

const EDITING: Activity = { kind: 'editing' };

/** The state after a load; the persisted draft is used only if it was edited from this very version. */
export function initialState(load: LoadMessage, persisted: PersistedDraft | undefined): FormState {
  const loaded = load.credential;
  const restored =
    persisted?.serverId === load.serverId && persisted.credentialId === loaded.credentialId && persisted.baseUpdatedAt === loaded.updatedAt
      ? persisted
      : undefined;
  const state: FormState = {
    serverId: load.serverId,
    loaded,
    serverLabel: load.serverLabel,
    scopeSuggestions: [...load.scopeSuggestions],
    storeDescription: load.storeDescription,
    secretHeld: load.secretHeld,
    draft: restored ? cloneFields(restored.draft) : formFieldsOf(loaded),
    resetSecret: restored?.resetSecret ?? false,
    activity: EDITING,
    banner: undefined,
    secretCopied: false,
    serverFieldError: undefined,
    notice: undefined,
    lastSave: undefined,
    submitted: undefined,
    addedScopes: [],
  };
  return isDirty(state) ? { ...state, notice: 'Your unsaved changes were restored.' } : state;
}

export function persistedDraftOf(state: FormState): PersistedDraft {
  return {
    version: 1,
    serverId: state.serverId,
    credentialId: state.loaded.credentialId,
    baseUpdatedAt: state.loaded.updatedAt,
    draft: cloneFields(state.draft),
    resetSecret: state.resetSecret,
  };
}

// ---- derived values ------------------------------------------------------------------------

export function changedFieldsOf(state: FormState): FormFieldName[] {
  return changedFormFields(formFieldsOf(state.loaded), state.draft);
}

export function isDirty(state: FormState): boolean {
  return state.resetSecret || changedFieldsOf(state).length > 0;
}

export function isLocked(state: FormState): boolean {
  return state.activity.kind === 'saving';
}

/** The draft's problems by the server's rules. */
export function errorsOf(state: FormState): Partial<Record<FormFieldName, string>> {
  return validateDraft(state.draft);
}

/** What to show under a field: the server's own words (with its hint) win over the draft's check. */
export function fieldMessageOf(state: FormState, field: FormFieldName): { text: string; hint: string | undefined } | undefined {
  const server = state.serverFieldError;
  if (server?.field === field) return { text: server.message, hint: server.hint };
  const text = errorsOf(state)[field];
  return text === undefined ? undefined : { text, hint: undefined };
}

export function canSave(state: FormState): boolean {
  return !isLocked(state) && isDirty(state) && Object.keys(errorsOf(state)).length === 0;
}

/** Only an authorization_code credential (as loaded, not as edited) can sign a person in; not while saving. */
export function canTestSignIn(state: FormState): boolean {
  return offersTestSignIn(state) && !isLocked(state);
}

/** Whether the form shows "Test Sign-In…" at all. */
export function offersTestSignIn(state: FormState): boolean {
  return state.loaded.grantType === 'authorization_code';
}

/** The save message for the draft as it is now. */
export function saveMessageOf(state: FormState, overwrite: boolean): SaveMessage {
  return {
    type: 'save',
    credentialId: state.loaded.credentialId,
    baseUpdatedAt: state.loaded.updatedAt,
    changes: changesOf(formFieldsOf(state.loaded), state.draft),
    resetSecret: state.resetSecret,
    overwrite,
  };
}

/** Suggestions first, then every other scope the credential or the draft has or had. */
export function scopeOptionsOf(state: FormState): string[] {
  return unique([...state.scopeSuggestions, ...state.loaded.scopes, ...state.draft.scopes, ...state.addedScopes]);
}

/** The known grant types, plus an unknown one the credential has (so it shows, and is flagged). */
export function grantTypeOptionsOf(state: FormState): string[] {
  return unique([...GRANT_TYPES, state.loaded.grantType, state.draft.grantType].filter((type) => type !== ''));
}

/** An empty service ID field means none (0); anything else is checked by validateDraft. */
export function parseServiceId(text: string): number {
  return text.trim() === '' ? 0 : Number(text);
}

// ---- user actions --------------------------------------------------------------------------

export function reduce(state: FormState, action: UserAction): Step {
  switch (action.type) {
    case 'setText':
      return stay(edit(state, action.field, { ...state.draft, [action.field]: action.value }));
    case 'setServiceId':
      return stay(edit(state, 'serviceId', { ...state.draft, serviceId: parseServiceId(action.text) }));
    case 'toggleScope': {
      const has = state.draft.scopes.includes(action.scope);
      if (has === action.selected) return stay(state);
      const scopes = action.selected ? [...state.draft.scopes, action.scope] : state.draft.scopes.filter((scope) => scope !== action.scope);
      return stay(edit(state, 'scopes', { ...state.draft, scopes }));
    }
    case 'addScopes': {
      const tokens = parseScopes(action.text);
      if (tokens.length === 0) return stay(state);
      const next = edit(state, 'scopes', { ...state.draft, scopes: unique([...state.draft.scopes, ...tokens]) });
      return stay(next === state ? state : { ...next, addedScopes: unique([...state.addedScopes, ...tokens]) });
    }
    case 'addRedirectUri': {
      const uri = action.uri.trim();
      if (uri === '') return stay(state);
      return stay(edit(state, 'redirectUris', { ...state.draft, redirectUris: [...state.draft.redirectUris, uri] }));
    }
    case 'editRedirectUri': {
      if (!inRange(state.draft.redirectUris, action.index)) return stay(state);
      const redirectUris = state.draft.redirectUris.map((uri, index) => (index === action.index ? action.uri : uri));
      return stay(edit(state, 'redirectUris', { ...state.draft, redirectUris }));
    }
    case 'removeRedirectUri': {
      if (!inRange(state.draft.redirectUris, action.index)) return stay(state);
      const redirectUris = state.draft.redirectUris.filter((_uri, index) => index !== action.index);
      return stay(edit(state, 'redirectUris', { ...state.draft, redirectUris }));
    }
    case 'moveRedirectUri': {
      const uris = state.draft.redirectUris;
      const target = action.index + action.offset;
      if (!inRange(uris, action.index) || !inRange(uris, target)) return stay(state);
      const redirectUris = [...uris];
      [redirectUris[action.index], redirectUris[target]] = [uris[target] as string, uris[action.index] as string];
      return stay(edit(state, 'redirectUris', { ...state.draft, redirectUris }));
    }
    case 'setResetSecret':
      if (isLocked(state)) return stay(state);
      return stay({ ...state, resetSecret: action.on, activity: EDITING, notice: undefined });
    case 'save':
    case 'saveShortcut':
      if (!canSave(state)) return stay(state);
      if (state.resetSecret && state.activity.kind !== 'confirmingReset') return stay({ ...state, activity: { kind: 'confirmingReset' }, notice: undefined });
      if (state.resetSecret && action.type === 'saveShortcut') return stay(state);
      return startSave(state, saveMessageOf(state, false));
    case 'cancelConfirm':
      return stay(state.activity.kind === 'confirmingReset' ? { ...state, activity: EDITING } : state);
    case 'revert':
      if (isLocked(state)) return stay(state);
      return stay({
        ...state,
        draft: formFieldsOf(state.loaded),
        resetSecret: false,
        activity: EDITING,
        serverFieldError: undefined,
        notice: isDirty(state) ? 'Reverted to the loaded values.' : undefined,
      });
    case 'cancelSave':
      if (state.activity.kind !== 'saving' || state.activity.cancelRequested) return stay(state);
      return { state: { ...state, activity: { ...state.activity, cancelRequested: true } }, send: { type: 'cancelSave' } };
    case 'reload':
      if (isLocked(state)) return stay(state);
      return { state: { ...state, notice: 'Reloading…' }, send: { type: 'reload' } };
    case 'overwrite':
      // The same save as before (built from the draft, unchanged unless edited since), forced.
      if (state.banner?.kind !== 'stale' || !canSave(state)) return stay(state);
      return startSave(state, saveMessageOf(state, true));
    case 'applyAgainSafely': {
      const banner = state.banner;
      if (banner?.kind !== 'saved' || banner.differences.length === 0 || isLocked(state)) return stay(state);
      const lists: WantedLists = cloneLists(banner.wanted);
      return {
        state: { ...lockedForSave(state), submitted: { ...state.draft, ...cloneLists(lists) } },
        send: { type: 'applyAgainSafely', credentialId: state.loaded.credentialId, lists },
      };
    }
    case 'copySecret':
      if (state.banner?.kind !== 'saved' || state.banner.secretReset?.storeDescription === undefined) return stay(state);
      return { state: { ...state, secretCopied: false }, send: { type: 'copySecret', credentialId: state.loaded.credentialId } };
    case 'testSignIn':
      if (!canTestSignIn(state)) return stay(state);
      return { state, send: { type: 'testSignIn', credentialId: state.loaded.credentialId } };
  }
}

// ---- host messages -------------------------------------------------------------------------

/**
 * The credential changed elsewhere. Without edits the form asks for it again (a fresh load clears
 * an old "Saved" banner and shows the new "Last updated"); with edits they stay, and the person is
 * told which fields changed, as after a stale save (Overwrite or Reload). During a save the save's
 * own answer brings the new version.
 */
export function changedElsewhere(state: FormState, credential: FormCredential): Step {
  const changedFields = changedFormFields(formFieldsOf(state.loaded), formFieldsOf(credential));
  if (isLocked(state) || (state.loaded.updatedAt === credential.updatedAt && changedFields.length === 0)) return stay(state);
  if (!isDirty(state)) return { state: { ...state, notice: 'Changed elsewhere: reloading…' }, send: { type: 'reload' } };
  return stay({ ...state, notice: undefined, banner: { kind: 'stale', changedFields } });
}

/** Every host message but load (which starts over with initialState) and changed (changedElsewhere). The host is the authority. */
export function receive(state: FormState, message: Exclude<HostMessage, { type: 'load' | 'changed' }>): FormState {
  switch (message.type) {
    case 'saving':
      return {
        ...state,
        activity: { kind: 'saving', phase: message.phase, cancelRequested: state.activity.kind === 'saving' && state.activity.cancelRequested },
      };
    case 'saved':
      return {
        ...state,
        loaded: message.credential,
        draft: formFieldsOf(message.credential),
        resetSecret: false,
        activity: EDITING,
        banner: {
          kind: 'saved',
          sentFields: [...message.sentFields],
          secretReset: message.secretReset && { storeDescription: message.secretReset.storeDescription },
          differences: message.differences.map((d) => ({ field: d.field, missing: [...d.missing], extra: [...d.extra] })),
          wanted: wantedLists(state.submitted, message.differences, message.credential),
        },
        secretCopied: false,
        serverFieldError: undefined,
        notice: undefined,
      };
    case 'saveFailed': {
      const field = message.field === undefined ? undefined : formFieldOf({ field: message.field });
      const failed = { ...state, activity: EDITING, notice: undefined };
      if (field) {
        const notice = `Not saved: see the message under ${FIELD_LABELS[field]}.`;
        return { ...failed, notice, banner: undefined, serverFieldError: { field, message: message.message, hint: message.hint } };
      }
      return { ...failed, serverFieldError: undefined, banner: { kind: 'failed', message: message.message, hint: message.hint, notApplied: message.notApplied } };
    }
    case 'stale':
      return { ...state, activity: EDITING, notice: undefined, banner: { kind: 'stale', changedFields: [...message.changedFields] } };
    case 'saveCancelled':
      return { ...state, activity: EDITING, notice: undefined, banner: { kind: 'cancelled' } };
    case 'secretCopied':
      return { ...state, secretCopied: true };
  }
}

// ---- helpers -------------------------------------------------------------------------------

function stay(state: FormState): Step {
  return { state, send: undefined };
}

/** A change to the draft: ignored while saving; leaves the confirm step; clears the server's error on that field. */
function edit(state: FormState, field: FormFieldName, draft: FormFields): FormState {
  if (isLocked(state)) return state;
  return {
    ...state,
    draft,
    activity: EDITING,
    notice: undefined,
    serverFieldError: state.serverFieldError?.field === field ? undefined : state.serverFieldError,
  };
}

function startSave(state: FormState, message: SaveMessage): Step {
  return { state: { ...lockedForSave(state), lastSave: message, submitted: cloneFields(state.draft) }, send: message };
}

function lockedForSave(state: FormState): FormState {
  return {
    ...state,
    activity: { kind: 'saving', phase: 'starting', cancelRequested: false },
    banner: undefined,
    secretCopied: false,
    serverFieldError: undefined,
    notice: undefined,
  };
}

/** What the server should have stored for each list it did not: the submitted list, else rebuilt from the difference. */
function wantedLists(submitted: FormFields | undefined, differences: readonly ListDifference[], actual: FormCredential): WantedLists {
  const wanted: WantedLists = {};
  for (const { field, missing, extra } of differences) {
    wanted[field] = submitted ? [...submitted[field]] : [...actual[field].filter((item) => !extra.includes(item)), ...missing];
  }
  return wanted;
}

function cloneFields(fields: FormFields): FormFields {
  return { ...fields, scopes: [...fields.scopes], redirectUris: [...fields.redirectUris] };
}

function cloneLists(lists: WantedLists): WantedLists {
  const copy: WantedLists = {};
  if (lists.scopes) copy.scopes = [...lists.scopes];
  if (lists.redirectUris) copy.redirectUris = [...lists.redirectUris];
  return copy;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function inRange(list: readonly unknown[], index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < list.length;
}
