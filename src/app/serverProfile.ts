// A WHMCS server as the user configures it in the `whmcsOAuth.servers` setting. Settings hold no
// secret: the API secret, admin password and access key live in the secret store under the
// accounts of the keychain layout, derived here from the profile.
import { accessKeyAccount, adminPasswordAccount, apiSecretAccount, serverKey } from '../core/secrets/keychainLayout';
import { apiEndpoint, isInsecureHttp } from '../core/whmcs/serverUrl';

export type AuthMode = 'apiCredential' | 'adminLogin';

export interface ServerProfile {
  /** Stable, unique among the profiles; names the server in commands and tree ids. */
  id: string;
  label: string;
  /** The WHMCS base URL. */
  url: string;
  auth: AuthMode;
  /** API credential identifier (auth = apiCredential). */
  identifier?: string;
  /** Admin user name (auth = adminLogin). */
  username?: string;
  /** An API access key is stored for this server. */
  useAccessKey?: boolean;
  /** Extra trusted CA certificate (PEM file). */
  caFile?: string;
  /** Accept any certificate: for self-signed test servers only. */
  allowUntrustedCertificate?: boolean;
  /** Plain http to a host that is not loopback: secrets cross the network unencrypted. */
  allowInsecureHttp?: boolean;
}

export interface ParsedProfiles {
  profiles: ServerProfile[];
  /** One line per entry that was skipped, for the log. */
  problems: string[];
}

/** Reads the setting defensively: it is user-edited JSON, possibly shared by a team. */
export function parseServerProfiles(value: unknown): ParsedProfiles {
  const profiles: ServerProfile[] = [];
  const problems: string[] = [];
  const entries = Array.isArray(value) ? value : [];
  if (value !== undefined && !Array.isArray(value)) problems.push('whmcsOAuth.servers must be a list of servers.');
  const ids = new Set<string>();
  entries.forEach((entry: unknown, index) => {
    const where = `whmcsOAuth.servers[${index}]`;
    if (!entry || typeof entry !== 'object') {
      problems.push(`${where} is not an object.`);
      return;
    }
    const raw = entry as Record<string, unknown>;
    const url = str(raw['url']);
    try {
      apiEndpoint(url);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      return;
    }
    const auth: AuthMode = raw['auth'] === 'adminLogin' ? 'adminLogin' : 'apiCredential';
    const identifier = str(raw['identifier']);
    const username = str(raw['username']);
    if (auth === 'apiCredential' && !identifier) {
      problems.push(`${where}: "identifier" is required for an API credential.`);
      return;
    }
    if (auth === 'adminLogin' && !username) {
      problems.push(`${where}: "username" is required for an admin login.`);
      return;
    }
    const label = str(raw['label']) || hostOf(url);
    let id = str(raw['id']) || slug(label);
    while (ids.has(id)) id = `${id}-${index}`;
    ids.add(id);
    const profile: ServerProfile = { id, label, url: url.trim(), auth };
    if (auth === 'apiCredential') profile.identifier = identifier;
    else profile.username = username;
    if (raw['useAccessKey'] === true) profile.useAccessKey = true;
    const caFile = str(raw['caFile']);
    if (caFile) profile.caFile = caFile;
    if (raw['allowUntrustedCertificate'] === true) profile.allowUntrustedCertificate = true;
    if (raw['allowInsecureHttp'] === true) profile.allowInsecureHttp = true;
    profiles.push(profile);
  });
  return { profiles, problems };
}

/**
 * What a profile relaxes about how its secrets travel, in words for a person: shown in the tree,
 * and named in the question before a workspace's settings may do it.
 */
export function securityRelaxations(profile: ServerProfile): string[] {
  const relaxations: string[] = [];
  if (profile.allowInsecureHttp && isInsecureHttp(apiEndpoint(profile.url))) {
    relaxations.push('use plain http: the API secret crosses the network unencrypted');
  }
  if (profile.allowUntrustedCertificate) relaxations.push('accept any TLS certificate');
  if (profile.caFile) relaxations.push(`trust the CA certificate file ${profile.caFile}`);
  return relaxations;
}

/** The keychain accounts of a server's own secrets. */
export function profileAccounts(profile: ServerProfile): { authSecret: string; accessKey: string } {
  const key = serverKey(profile.url);
  return {
    authSecret:
      profile.auth === 'apiCredential'
        ? apiSecretAccount(key, profile.identifier ?? '')
        : adminPasswordAccount(key, profile.username ?? ''),
    accessKey: accessKeyAccount(key),
  };
}

/** A new id, unique among `existing`, readable in settings.json. */
export function newServerId(label: string, existing: readonly ServerProfile[]): string {
  const base = slug(label) || 'server';
  const taken = new Set(existing.map((p) => p.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The setting's JSON form: only the keys that carry information. */
export function profileToSetting(profile: ServerProfile): Record<string, unknown> {
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== false && v !== ''));
}

export function hostOf(url: string): string {
  try {
    return apiEndpoint(url).host;
  } catch {
    return url;
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
