// Client-side validation that mirrors the server's rules and messages, in the server's order, so
// a form can say the same thing WHMCS would before anything is sent. Scopes are only checked for
// syntax: they are rows of a table on the server, which decides on the ones it does not know.
import type { CredentialField } from './errors';
import { isGrantType, type CredentialFields } from './types';

export interface FieldProblem {
  field: CredentialField;
  message: string;
}

const SCOPE_SYNTAX = /^[A-Za-z0-9_.:-]+$/;
const URI_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Every problem of a complete set of fields (the credential as it would be after the change). */
export function validateCredentialFields(fields: CredentialFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const grantType = fields.grantType.trim();
  if (grantType === '') {
    problems.push({ field: 'grantType', message: 'A valid grant type is required.' });
  } else if (!isGrantType(grantType)) {
    problems.push({ field: 'grantType', message: `The requested grant type "${grantType}" is invalid.` });
  }
  if (grantType === 'authorization_code' && fields.name.trim() === '') {
    problems.push({ field: 'name', message: 'A name for the Client Credential is required.' });
  }
  if (!Number.isSafeInteger(fields.serviceId) || fields.serviceId < 0) {
    problems.push({ field: 'serviceId', message: 'The service ID must be a whole number (0 for none).' });
  } else if (grantType === 'single_sign_on' && fields.serviceId === 0) {
    problems.push({ field: 'serviceId', message: 'A service ID is required for the single sign-on grant type.' });
  }
  // Create requires a scope; Update silently keeps the old ones when none are sent.
  if (fields.scopes.length === 0) {
    problems.push({ field: 'scope', message: 'At least one valid scope is required.' });
  }
  const badScope = fields.scopes.find((scope) => !SCOPE_SYNTAX.test(scope));
  if (badScope !== undefined) {
    problems.push({ field: 'scope', message: `The requested scope "${badScope}" is invalid.` });
  }
  if (/\s/.test(fields.logoUri.trim())) {
    problems.push({ field: 'logoUri', message: 'The logo URI must not contain spaces.' });
  }
  const seen = new Set<string>();
  for (const uri of fields.redirectUris) {
    if (!URI_WITH_SCHEME.test(uri)) {
      problems.push({ field: 'redirectUri', message: `The redirect URI "${uri}" must be an absolute URI (with a scheme) without spaces.` });
      break;
    }
    if (seen.has(uri)) {
      problems.push({ field: 'redirectUri', message: `The redirect URI "${uri}" is listed twice.` });
      break;
    }
    seen.add(uri);
  }
  return problems;
}

/** Splits user input ("a b", "a,b", newlines) into scope tokens. */
export function parseScopes(input: string): string[] {
  return input.split(/[\s,]+/).filter((token) => token !== '');
}
