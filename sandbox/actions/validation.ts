// Checks shared by Create and Update.
import type { SandboxState } from '../state';

export const GRANT_TYPES = ['authorization_code', 'single_sign_on'] as const;

export function isGrantType(value: string): boolean {
  return (GRANT_TYPES as readonly string[]).includes(value);
}

/** Scope tokens of a space-delimited string, empty tokens dropped, duplicates removed. */
export function scopeTokens(scope: string): string[] {
  return [...new Set(scope.split(' ').filter((token) => token !== ''))];
}

/** The first token missing from the scope table, if any. */
export function firstInvalidScope(tokens: readonly string[], state: SandboxState): string | undefined {
  return tokens.find((token) => !state.hasScope(token));
}

export function invalidScopeMessage(token: string): string {
  return `The requested scope "${token}" is invalid.`;
}

export function invalidGrantTypeMessage(grantType: string): string {
  return `The requested grant type "${grantType}" is invalid.`;
}

export const NAME_REQUIRED = 'A name for the Client Credential is required.';
export const SERVICE_REQUIRED = 'A service ID is required for the single sign-on grant type.';
export const INVALID_CREDENTIAL_ID = 'Invalid Credential ID provided.';
