// The sandbox's in-memory "database": OAuth credentials (tbloauthserver_clients), scopes, services,
// API credentials with their roles, and admin users. Values are stored as WHMCS stores them, i.e.
// already HTML-escaped; the methods here do not escape anything.
import { randomUUID } from 'node:crypto';
import { normaliseAction } from './actionName';
import type { SandboxFlavor } from './flavor';
import { md5Hex } from './md5';
import { canary } from './canaries';
import { newApiToken, newClientIdentifier, newClientSecret } from './identifiers';

export interface StoredCredential {
  credentialId: number;
  name: string;
  description: string;
  grantTypes: string;
  scope: string;
  clientIdentifier: string;
  clientSecret: string;
  uuid: null;
  serviceId: number;
  logoUri: string;
  redirectUri: string[];
  rsaKeyPairId: number;
  createdAt: Date;
  updatedAt: Date;
}

export type CredentialInit = Partial<StoredCredential>;

export interface ApiCredentialInit {
  identifier?: string;
  secret?: string;
  /** Lower-cased action names the credential's role allows, or 'all' (the default). */
  allowedActions?: string[] | 'all';
}

export interface ApiCredentialRecord {
  readonly identifier: string;
  readonly secret: string;
  readonly allowedActions: ReadonlySet<string> | 'all';
}

export interface AdminRecord {
  readonly username: string;
  readonly password: string;
  readonly passwordMd5: string;
}

/** A client-area user (tblusers): someone who can sign in to the client area and approve an app. */
export interface ClientUserInit {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** Default 'en'. */
  locale?: string;
}

export interface ClientUserRecord {
  readonly id: number;
  /** The OpenID Connect `sub`. */
  readonly uuid: string;
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly locale: string;
  readonly updatedAt: Date;
}

export interface ServiceRecord {
  readonly id: number;
  /** The owning client; null or 0 when the service is orphaned. */
  readonly clientId: number | null;
}

/** The restorable part of the database (what POST __sandbox/reset brings back). */
export interface CredentialSnapshot {
  readonly credentials: readonly StoredCredential[];
  readonly nextCredentialId: number;
  readonly nextRsaKeyPairId: number;
}

function copyCredential(credential: StoredCredential): StoredCredential {
  return {
    ...credential,
    redirectUri: [...credential.redirectUri],
    createdAt: new Date(credential.createdAt),
    updatedAt: new Date(credential.updatedAt),
  };
}

export class SandboxState {
  private readonly credentials = new Map<number, StoredCredential>();
  private nextCredentialId = 1;
  private nextRsaKeyPairId = 1;
  private readonly scopes = new Set<string>();
  private readonly services = new Map<number, ServiceRecord>();
  private readonly apiCredentials = new Map<string, ApiCredentialRecord>();
  private readonly admins = new Map<string, AdminRecord>();
  private readonly clientUsers = new Map<number, ClientUserRecord>();

  constructor(readonly flavor: SandboxFlavor) {}

  // ---- API credentials and admins (authentication) ----

  addApiCredential(init: ApiCredentialInit = {}): { identifier: string; secret: string } {
    const identifier = init.identifier ?? newApiToken();
    const secret = init.secret ?? canary(newApiToken());
    const allowed = init.allowedActions ?? 'all';
    this.apiCredentials.set(identifier, {
      identifier,
      secret,
      allowedActions: allowed === 'all' ? 'all' : new Set(allowed.map(normaliseAction)),
    });
    return { identifier, secret };
  }

  findApiCredential(identifier: string): ApiCredentialRecord | undefined {
    return this.apiCredentials.get(identifier);
  }

  addAdmin(username: string, password: string): void {
    const passwordMd5 = md5Hex(password);
    // Admin usernames compare case-insensitively, as under MySQL's default collation.
    this.admins.set(username.toLowerCase(), { username, password, passwordMd5 });
  }

  findAdmin(username: string): AdminRecord | undefined {
    return this.admins.get(username.toLowerCase());
  }

  // ---- client-area users (the people an OpenID Connect sign-in names) ----

  addClientUser(init: ClientUserInit): ClientUserRecord {
    const id = this.clientUsers.size + 1;
    const user: ClientUserRecord = {
      id,
      uuid: randomUUID(),
      email: init.email,
      password: init.password,
      firstName: init.firstName,
      lastName: init.lastName,
      locale: init.locale ?? 'en',
      updatedAt: new Date(),
    };
    this.clientUsers.set(id, user);
    return { ...user };
  }

  getClientUser(id: number): ClientUserRecord | undefined {
    const found = this.clientUsers.get(id);
    return found && { ...found };
  }

  /** Email addresses compare case-insensitively, as under MySQL's default collation. */
  findClientUserByEmail(email: string): ClientUserRecord | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.clientUsers.values()) if (user.email.toLowerCase() === wanted) return { ...user };
    return undefined;
  }

  // ---- scopes and services (lookup tables the actions validate against) ----

  addScope(name: string): void {
    this.scopes.add(name);
  }

  hasScope(name: string): boolean {
    return this.scopes.has(name);
  }

  listScopes(): string[] {
    return [...this.scopes];
  }

  addService(id: number, options: { clientId?: number | null } = {}): void {
    this.services.set(id, { id, clientId: options.clientId === undefined ? 1 : options.clientId });
  }

  findService(id: number): ServiceRecord | undefined {
    return this.services.get(id);
  }

  listServices(): ServiceRecord[] {
    return [...this.services.values()];
  }

  // ---- OAuth credentials ----

  /** Inserts a row; missing fields get WHMCS-like defaults. Values are stored verbatim. */
  addCredential(partial: CredentialInit = {}): StoredCredential {
    const now = new Date();
    const grantTypes = partial.grantTypes ?? 'authorization_code';
    const credentialId = partial.credentialId ?? this.nextCredentialId;
    this.nextCredentialId = Math.max(this.nextCredentialId, credentialId + 1);
    let rsaKeyPairId = partial.rsaKeyPairId;
    if (rsaKeyPairId === undefined) {
      rsaKeyPairId = grantTypes.includes('authorization_code') ? this.nextRsaKeyPairId : 0;
    }
    if (rsaKeyPairId > 0) this.nextRsaKeyPairId = Math.max(this.nextRsaKeyPairId, rsaKeyPairId + 1);
    const createdAt = new Date(partial.createdAt ?? now);
    const record: StoredCredential = {
      credentialId,
      name: partial.name ?? '',
      description: partial.description ?? '',
      grantTypes,
      scope: partial.scope ?? (grantTypes === 'single_sign_on' ? 'clientarea:sso' : 'clientarea:profile'),
      clientIdentifier: partial.clientIdentifier ?? newClientIdentifier(this.flavor),
      clientSecret: partial.clientSecret ?? newClientSecret(),
      uuid: null,
      serviceId: partial.serviceId ?? 0,
      logoUri: partial.logoUri ?? '',
      redirectUri: [...(partial.redirectUri ?? [])],
      rsaKeyPairId,
      createdAt,
      updatedAt: new Date(partial.updatedAt ?? createdAt),
    };
    this.credentials.set(credentialId, record);
    return copyCredential(record);
  }

  /** A copy: changing it changes nothing until saveCredential. */
  getCredential(id: number): StoredCredential | undefined {
    const found = this.credentials.get(id);
    return found && copyCredential(found);
  }

  findCredentialByIdentifier(clientIdentifier: string): StoredCredential | undefined {
    for (const credential of this.credentials.values()) {
      if (credential.clientIdentifier === clientIdentifier) return copyCredential(credential);
    }
    return undefined;
  }

  /** Copies in id order. */
  listCredentials(): StoredCredential[] {
    return [...this.credentials.values()].sort((a, b) => a.credentialId - b.credentialId).map(copyCredential);
  }

  /** Replaces the row with the same credentialId. */
  saveCredential(credential: StoredCredential): void {
    if (!this.credentials.has(credential.credentialId)) throw new Error(`no credential ${credential.credentialId}`);
    this.credentials.set(credential.credentialId, copyCredential(credential));
  }

  deleteCredential(id: number): boolean {
    return this.credentials.delete(id);
  }

  /** Empties the credential table (the auto-increment keeps counting, as in MySQL). */
  deleteAll(): void {
    this.credentials.clear();
  }

  newClientSecret(): string {
    return newClientSecret();
  }

  snapshot(): CredentialSnapshot {
    return {
      credentials: this.listCredentials(),
      nextCredentialId: this.nextCredentialId,
      nextRsaKeyPairId: this.nextRsaKeyPairId,
    };
  }

  restore(snapshot: CredentialSnapshot): void {
    this.credentials.clear();
    for (const credential of snapshot.credentials) this.credentials.set(credential.credentialId, copyCredential(credential));
    this.nextCredentialId = snapshot.nextCredentialId;
    this.nextRsaKeyPairId = snapshot.nextRsaKeyPairId;
  }
}
