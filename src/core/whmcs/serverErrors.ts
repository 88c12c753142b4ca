// Turns a WHMCS `result: error` message into the typed error a UI can act on. The messages are
// matched verbatim as real servers send them (see the API notes); anything else stays a
// ServerError carrying the server's own words.
import {
  AuthError,
  IpNotAllowedError,
  PermissionError,
  ServerError,
  ValidationError,
  type AnyWhmcsError,
  type CredentialField,
} from './errors';

const PERMISSION = /^Invalid Permissions: API action "([^"]*)" is not allowed/i;
const INVALID_IP = /^Invalid IP\s+(\S+)/i;

/** Validation messages of the OAuth credential actions and the form field each concerns. */
const FIELD_OF_MESSAGE: ReadonlyArray<[RegExp, CredentialField]> = [
  [/^(A Credential ID or Client Identifier is required|Invalid Credential ID provided|Invalid Client Identifier provided)/i, 'credentialId'],
  [/^(A valid grant type is required|The requested grant type )/i, 'grantType'],
  [/^A name for the Client Credential is required/i, 'name'],
  [/^(A service ID is required|A valid Service ID is required|Service ID not associated)/i, 'serviceId'],
  [/^(At least one valid scope is required|The requested scope )/i, 'scope'],
];

export function serverErrorFor(message: string, status: number, action: string | undefined): AnyWhmcsError {
  const text = message.trim();
  if (text === 'Authentication Failed') return new AuthError(text, 'credentials', action);
  if (text === 'Invalid or missing credentials') return new AuthError(text, 'unknownIdentifier', action);
  if (text === 'Invalid password provided') return new AuthError(text, 'legacyPassword', action);
  if (text === 'Invalid Access Key') return new AuthError(text, 'accessKey', action);
  if (text === 'IP Banned') return new IpNotAllowedError(text, undefined, true, action);
  const ip = INVALID_IP.exec(text);
  if (ip) return new IpNotAllowedError(text, ip[1], false, action);
  const permission = PERMISSION.exec(text);
  if (permission) return new PermissionError(text, permission[1] ?? action ?? '');
  // Action-level validation errors come back with HTTP 200; pre-action failures are 4xx.
  if (status < 400 && action && /oauthcredential$/.test(action)) {
    const field = FIELD_OF_MESSAGE.find(([pattern]) => pattern.test(text))?.[1];
    return new ValidationError(text, field, 'server', action);
  }
  return new ServerError(text, status, action);
}
