// DeleteOAuthCredential: by credentialId only; cannot be undone.
import { actionError, type Action } from './types';
import { INVALID_CREDENTIAL_ID } from './validation';

export const deleteOAuthCredential: Action = ({ params, state }) => {
  const credentialId = params.int('credentialId');
  if (credentialId <= 0 || !state.deleteCredential(credentialId)) return actionError(INVALID_CREDENTIAL_ID);
  return { result: 'success', credentialId };
};
