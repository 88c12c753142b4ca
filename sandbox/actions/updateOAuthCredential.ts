// UpdateOAuthCredential as the server really reads it: `clientIdentifier` (not the documented
// clientApiIdentifier), present-replaces/absent-keeps fields, PHP-truthy resetSecret.
import { phpTruthy } from '../phpCast';
import { mergeSubmittedList } from './mergeLists';
import { actionError, type Action } from './types';
import {
  INVALID_CREDENTIAL_ID,
  NAME_REQUIRED,
  SERVICE_REQUIRED,
  firstInvalidScope,
  invalidGrantTypeMessage,
  invalidScopeMessage,
  isGrantType,
  scopeTokens,
} from './validation';

export const updateOAuthCredential: Action = ({ params, state, mergeDefect }) => {
  const credentialId = params.int('credentialId');
  const clientIdentifier = params.string('clientIdentifier') ?? '';
  if (credentialId <= 0 && !phpTruthy(clientIdentifier)) {
    return actionError('A Credential ID or Client Identifier is required.');
  }
  const existing =
    credentialId > 0 ? state.getCredential(credentialId) : state.findCredentialByIdentifier(clientIdentifier);
  if (!existing) {
    return actionError(credentialId > 0 ? INVALID_CREDENTIAL_ID : 'Invalid Client Identifier provided.');
  }

  const grantInput = params.string('grantType') ?? '';
  if (grantInput !== '' && !isGrantType(grantInput)) return actionError(invalidGrantTypeMessage(grantInput));
  const grantTypes = grantInput !== '' ? grantInput : existing.grantTypes;

  const name = params.has('name') ? (params.string('name') ?? '') : existing.name;
  if (grantTypes === 'authorization_code' && !phpTruthy(name)) return actionError(NAME_REQUIRED);

  const serviceId = params.has('serviceId') ? params.int('serviceId') : existing.serviceId;
  if (grantTypes === 'single_sign_on' && serviceId === 0) return actionError(SERVICE_REQUIRED);

  // An empty or blank scope keeps the stored one.
  const tokens = scopeTokens(params.string('scope') ?? '');
  const invalid = firstInvalidScope(tokens, state);
  if (invalid !== undefined) return actionError(invalidScopeMessage(invalid));

  const updated = { ...existing, name, grantTypes, serviceId, updatedAt: new Date() };
  if (params.has('description')) updated.description = params.string('description') ?? '';
  if (params.has('logoUri')) updated.logoUri = params.string('logoUri') ?? '';
  if (tokens.length > 0) {
    updated.scope = mergeSubmittedList(scopeTokens(existing.scope), tokens, mergeDefect).join(' ');
  }
  const redirectUri = params.list('redirectUri');
  if (redirectUri !== undefined) {
    updated.redirectUri = mergeSubmittedList(existing.redirectUri, redirectUri, mergeDefect);
  }
  const resetSecret = params.truthy('resetSecret');
  if (resetSecret) updated.clientSecret = state.newClientSecret();
  state.saveCredential(updated);

  return resetSecret
    ? { result: 'success', credentialId: updated.credentialId, newClientSecret: updated.clientSecret }
    : { result: 'success', credentialId: updated.credentialId };
};
