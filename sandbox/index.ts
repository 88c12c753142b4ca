// The sandbox WHMCS server: an independent emulation of the real WHMCS API for tests and demos.
export { createSandbox } from './server';
export type { Sandbox, SandboxOptions, SandboxStats } from './types';
export { SandboxState } from './state';
export type { LoggedRequest } from './requestLog';
export type {
  ApiCredentialInit,
  ApiCredentialRecord,
  ClientUserInit,
  ClientUserRecord,
  AdminRecord,
  CredentialInit,
  CredentialSnapshot,
  ServiceRecord,
  StoredCredential,
} from './state';
export { FaultController, FAULT_KINDS } from './faults';
export type { Fault, FaultKind } from './faults';
export type { SandboxFlavor } from './flavor';
export { STANDARD_SCOPES, MODERN_ONLY_SCOPE } from './seed';
export { OidcFaultController } from './oidc/faults';
export type { OidcFaults } from './oidc/faults';
export { WRONG_ISSUER } from './oidc/idToken';
