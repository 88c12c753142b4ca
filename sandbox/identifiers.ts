// Random values in the shapes WHMCS generates them.
import { randomBytes, randomInt } from 'node:crypto';
import { canary } from './canaries';
import type { SandboxFlavor } from './flavor';

/** WHMCS 7 derives the client identifier prefix from the company name in General Settings. */
export const COMPANY_PREFIX = 'SANDBOX-HOSTING.';
/** WHMCS 8 style: a fixed prefix plus 32 hex characters. */
export const MODERN_PREFIX = 'WHMCS.';

export function newClientIdentifier(flavor: SandboxFlavor): string {
  return flavor === '8.7'
    ? MODERN_PREFIX + randomBytes(16).toString('hex')
    : COMPANY_PREFIX + randomBytes(16).toString('base64');
}

/** base64 of 64 random bytes: 88 characters, may contain + / =. */
export function newClientSecret(): string {
  return canary(randomBytes(64).toString('base64'));
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** API credential identifiers and secrets are 32 alphanumeric characters in WHMCS. */
export function newApiToken(length = 32): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length));
  return token;
}
