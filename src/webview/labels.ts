// The words the form shows for fields, phases and grant types, in one place so the banners, the
// field labels and the status line say the same thing.
import type { FormFieldName } from '../shared/protocol';
import type { SavePhase } from './savePhase';

export const FIELD_LABELS: Record<FormFieldName, string> = {
  name: 'Name',
  description: 'Description',
  grantType: 'Grant type',
  scopes: 'Scopes',
  serviceId: 'Service ID',
  logoUri: 'Logo URI',
  redirectUris: 'Redirect URIs',
};

export const PHASE_TEXT: Record<SavePhase, string> = {
  starting: 'Saving…',
  checking: 'Saving: checking whether the credential changed on the server…',
  sending: 'Saving: sending the changes…',
  verifying: 'Saving: reading back what the server stored…',
};

export const GRANT_TYPE_LABELS: Record<string, string> = {
  authorization_code: 'Authorization code',
  single_sign_on: 'Single sign-on',
};

/** "Name, Scopes and Redirect URIs" */
export function fieldList(fields: readonly FormFieldName[]): string {
  const names = fields.map((field) => FIELD_LABELS[field]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
