// One OAuthCredentialsApi per configured server, created on first use with the server's secrets
// and the current network settings, reused (and its sockets kept alive) until the profile,
// the settings or the secrets change.
import type { OAuthCredentialsApi } from '../core/whmcs/oauthCredentials';
import type { WhmcsClientOptions } from '../core/whmcs/client';
import type { ProxyOptions, Timeouts, TransportOptions } from '../core/whmcs/transport';
import { profileAccounts, type ServerProfile } from './serverProfile';
import { secureApiEndpoint } from '../core/whmcs/serverUrl';

export interface NetworkSettings {
  proxy: ProxyOptions | undefined;
  timeouts: Partial<Timeouts>;
}

export interface ConnectionDeps {
  /** Looks a secret up wherever it may have been stored. */
  findSecret: (account: string) => Promise<string | undefined>;
  network: () => NetworkSettings;
  readCaFile: (path: string) => Promise<string>;
  /**
   * Resolves when this profile may receive its stored secrets as configured (a workspace's entry
   * that weakens TLS needs the person's approval); rejects with the reason otherwise.
   */
  admit: (profile: ServerProfile, caPem: string | undefined) => Promise<void>;
  createApi: (options: WhmcsClientOptions) => OAuthCredentialsApi;
  userAgent: string;
}

export class MissingSecretError extends Error {
  readonly kind = 'missingSecret';
  readonly hint = 'Run "WHMCS: Edit Server" to enter it again.';
  constructor(readonly profile: ServerProfile) {
    super(`No ${profile.auth === 'apiCredential' ? 'API secret' : 'admin password'} for "${profile.label}" is stored.`);
  }
}

/** A server's extra CA file could not be read: nothing was sent. */
export class CaFileError extends Error {
  readonly kind = 'caFile';
  readonly hint = 'Edit the server and choose an existing PEM file.';
  constructor(path: string, reason: string) {
    super(`Cannot read the CA file ${path}: ${reason}`);
    this.name = 'CaFileError';
  }
}

export class ServerConnections {
  private readonly apis = new Map<string, { fingerprint: string; api: Promise<OAuthCredentialsApi> }>();

  constructor(private readonly deps: ConnectionDeps) {}

  /** The API of a server; the same instance while nothing about the server changed. */
  api(profile: ServerProfile): Promise<OAuthCredentialsApi> {
    const fingerprint = JSON.stringify([profile, this.deps.network()]);
    const cached = this.apis.get(profile.id);
    if (cached && cached.fingerprint === fingerprint) return cached.api;
    if (cached) void cached.api.then((api) => api.client.close(), () => undefined);
    const api = this.create(profile);
    this.apis.set(profile.id, { fingerprint, api });
    // A failed creation (missing secret) must not be cached.
    api.catch(() => {
      if (this.apis.get(profile.id)?.api === api) this.apis.delete(profile.id);
    });
    return api;
  }

  /** Drops a server's client (after its secrets changed or it was removed). */
  forget(serverId: string): void {
    const cached = this.apis.get(serverId);
    this.apis.delete(serverId);
    if (cached) void cached.api.then((api) => api.client.close(), () => undefined);
  }

  dispose(): void {
    for (const id of [...this.apis.keys()]) this.forget(id);
  }

  /**
   * How to reach a server's other endpoints (its OpenID Connect provider) the way its API is
   * reached: the same TLS trust, proxy and timeouts, after the same admission, without its secrets.
   */
  async transport(profile: ServerProfile): Promise<TransportOptions> {
    secureApiEndpoint(profile.url, profile.allowInsecureHttp ?? false);
    const caPem = profile.caFile ? await this.deps.readCaFile(profile.caFile) : undefined;
    await this.deps.admit(profile, caPem);
    const network = this.deps.network();
    return { tls: { caPem, allowUntrustedCertificate: profile.allowUntrustedCertificate }, proxy: network.proxy, timeouts: network.timeouts };
  }

  /**
   * Tries a profile with secrets that are not stored yet (Add / Edit Server): one list call.
   * Resolves with the number of credentials, rejects with the typed error.
   */
  async probe(profile: ServerProfile, secret: string, accessKey: string | undefined): Promise<number> {
    secureApiEndpoint(profile.url, profile.allowInsecureHttp ?? false);
    const caPem = profile.caFile ? await this.deps.readCaFile(profile.caFile) : undefined;
    const api = this.deps.createApi(clientOptions(profile, secret, accessKey, caPem, this.deps.network(), this.deps.userAgent));
    try {
      return (await api.list()).length;
    } finally {
      await api.client.close();
    }
  }

  private async create(profile: ServerProfile): Promise<OAuthCredentialsApi> {
    // Refused before any secret is even read (the client would refuse it too).
    secureApiEndpoint(profile.url, profile.allowInsecureHttp ?? false);
    const caPem = profile.caFile ? await this.deps.readCaFile(profile.caFile) : undefined;
    await this.deps.admit(profile, caPem);
    const accounts = profileAccounts(profile);
    const secret = await this.deps.findSecret(accounts.authSecret);
    if (!secret) throw new MissingSecretError(profile);
    const accessKey = profile.useAccessKey ? await this.deps.findSecret(accounts.accessKey) : undefined;
    return this.deps.createApi(clientOptions(profile, secret, accessKey, caPem, this.deps.network(), this.deps.userAgent));
  }
}

export function clientOptions(
  profile: ServerProfile,
  secret: string,
  accessKey: string | undefined,
  caPem: string | undefined,
  network: NetworkSettings,
  userAgent: string,
): WhmcsClientOptions {
  return {
    baseUrl: profile.url,
    auth:
      profile.auth === 'apiCredential'
        ? { kind: 'apiCredential', identifier: profile.identifier ?? '', secret }
        : { kind: 'adminLogin', username: profile.username ?? '', password: secret },
    accessKey,
    tls: { caPem, allowUntrustedCertificate: profile.allowUntrustedCertificate },
    allowInsecureHttp: profile.allowInsecureHttp,
    proxy: network.proxy,
    timeouts: network.timeouts,
    userAgent,
  };
}
