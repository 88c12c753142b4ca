// The update form's logic without a DOM or VS Code: what changed against the loaded credential,
// what is wrong with the draft (the server's rules and messages), and the conversion from the
// client's model. Used by the webview (bundled into it) and by the extension host.
import { changedFields } from '../core/whmcs/credentialDiff';
import type { OAuthCredential } from '../core/whmcs/types';
import { validateCredentialFields, type FieldProblem } from '../core/whmcs/validation';
import { MAX_LIST_ITEMS, MAX_TEXT_LENGTH, type FormCredential, type FormFieldName, type FormFields } from './protocol';

export function toFormCredential(credential: OAuthCredential): FormCredential {
  return {
    credentialId: credential.credentialId,
    clientIdentifier: credential.clientIdentifier,
    name: credential.name,
    description: credential.description,
    grantType: credential.grantType,
    scopes: [...credential.scopes],
    serviceId: credential.serviceId,
    logoUri: credential.logoUri,
    redirectUris: [...credential.redirectUris],
    createdAt: credential.createdAt,
    updatedAt: credential.updatedAt,
  };
}

export function formFieldsOf(credential: FormCredential): FormFields {
  const { name, description, grantType, scopes, serviceId, logoUri, redirectUris } = credential;
  return { name, description, grantType, scopes: [...scopes], serviceId, logoUri, redirectUris: [...redirectUris] };
}

/** The fields of the draft that differ from the loaded credential (scope order does not count). */
export function changedFormFields(loaded: FormFields, draft: FormFields): FormFieldName[] {
  return changedFields(loaded, draft);
}

/** Only the changed fields, as the save message carries them. */
export function changesOf(loaded: FormFields, draft: FormFields): Partial<FormFields> {
  const changes: Partial<FormFields> = {};
  for (const field of changedFormFields(loaded, draft)) Object.assign(changes, { [field]: draft[field] });
  return changes;
}

/** Problems of the draft, as WHMCS would report them, keyed by form field. */
export function validateDraft(draft: FormFields): Partial<Record<FormFieldName, string>> {
  const byField: Partial<Record<FormFieldName, string>> = {};
  // Beyond what the server can keep, the host would refuse the message: say it here instead.
  for (const field of ['name', 'description', 'logoUri'] as const) {
    if (draft[field].length > MAX_TEXT_LENGTH) byField[field] = `At most ${MAX_TEXT_LENGTH.toLocaleString('en')} characters.`;
  }
  for (const field of ['scopes', 'redirectUris'] as const) {
    if (draft[field].length > MAX_LIST_ITEMS) byField[field] = `At most ${MAX_LIST_ITEMS} entries.`;
    else if (draft[field].some((item) => item.length > MAX_TEXT_LENGTH)) byField[field] = `Each entry has at most ${MAX_TEXT_LENGTH.toLocaleString('en')} characters.`;
  }
  for (const problem of validateCredentialFields(draft)) {
    const field = formFieldOf(problem);
    if (field) byField[field] ??= problem.message;
  }
  return byField;
}

/** The form field of a client or server validation error; undefined for the credential itself. */
export function formFieldOf(problem: Pick<FieldProblem, 'field'>): FormFieldName | undefined {
  switch (problem.field) {
    case 'scope':
      return 'scopes';
    case 'redirectUri':
      return 'redirectUris';
    case 'credentialId':
      return undefined;
    default:
      return problem.field;
  }
}
