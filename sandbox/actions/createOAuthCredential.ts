// CreateOAuthCredential, with the errors in the server's evaluation order.
import { phpTruthy } from '../phpCast';
import { actionError, type Action } from './types';
import {
  NAME_REQUIRED,
  SERVICE_REQUIRED,
  firstInvalidScope,
  invalidGrantTypeMessage,
  invalidScopeMessage,
  isGrantType,
  scopeTokens,
} from './validation';

export const createOAuthCredential: Action = ({ params, state, profile }) => {
  const grantType = params.string('grantType') ?? '';
  if (grantType === '') return actionError('A valid grant type is required.');
  if (!isGrantType(grantType)) return actionError(invalidGrantTypeMessage(grantType));

  const name = params.string('name') ?? '';
  if (grantType === 'authorization_code' && !phpTruthy(name)) return actionError(NAME_REQUIRED);

  const serviceId = params.int('serviceId');
  if (grantType === 'single_sign_on') {
    if (serviceId === 0) return actionError(SERVICE_REQUIRED);
    if (profile.validatesServices) {
      const service = state.findService(serviceId);
      if (!service) return actionError('A valid Service ID is required.');
      if (!service.clientId) return actionError('Service ID not associated with valid Client.');
    }
  }

  const tokens = scopeTokens(params.string('scope') ?? '');
  if (tokens.length === 0) return actionError('At least one valid scope is required.');
  const invalid = firstInvalidScope(tokens, state);
  if (invalid !== undefined) return actionError(invalidScopeMessage(invalid));

  const created = state.addCredential({
    name,
    description: params.string('description') ?? '',
    grantTypes: grantType,
    scope: tokens.join(' '),
    serviceId,
    logoUri: params.string('logoUri') ?? '',
    redirectUri: params.list('redirectUri') ?? [],
  });
  return {
    result: 'success',
    credentialId: created.credentialId,
    clientIdentifier: created.clientIdentifier,
    clientSecret: created.clientSecret,
  };
};
