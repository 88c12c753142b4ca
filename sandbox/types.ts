// The public shape of the sandbox (re-exported by index.ts).
import type { FaultController } from './faults';
import type { OidcFaultController } from './oidc/faults';
import type { LoggedRequest } from './requestLog';
import type { SandboxFlavor } from './flavor';
import type { ClientUserInit, ClientUserRecord, SandboxState } from './state';

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default '/whmcs': API at <basePath>/includes/api.php. */
  basePath?: string;
  /** true: a generated self-signed certificate for 127.0.0.1/localhost/::1. */
  tls?: boolean | { key: string; cert: string };
  /** Default '8.7'. */
  flavor?: SandboxFlavor;
  /** Integers as numeric strings; default true for 7.8, false for 8.7. */
  numbersAsStrings?: boolean;
  /** Default false. See actions/mergeLists.ts. */
  mergeDefect?: boolean;
  /** true (default): the realistic set; N: N generated credentials; false: no credentials. */
  seed?: boolean | number;
  /** IP allow-list; null (default) allows every address, [] none. */
  allowedIps?: string[] | null;
  /** The $api_access_key; null (default): none configured, any accesskey sent is invalid. */
  accessKey?: string | null;
  bannedIps?: string[];
  /** Every API answer is delayed by this much (after the action ran). Default 0. */
  latencyMs?: number;
  /** The seeded all-actions API credential; default random. */
  apiCredential?: { identifier: string; secret: string };
  /** The seeded admin user; default 'admin' with a random password. */
  admin?: { username: string; password: string };
  /** The seeded client-area user; default client@sandbox.test (Sandbox Client) with a random password. */
  clientUser?: ClientUserInit;
  /** How long an authorization code stays redeemable; default 30 (the library's default). */
  oidcCodeLifetimeSeconds?: number;
}

export interface SandboxStats {
  connections: number;
  requests: number;
}

export interface Sandbox {
  /** Base URL as a person copies it, e.g. http://127.0.0.1:41234/whmcs. */
  readonly url: string;
  /** url + '/includes/api.php'. */
  readonly apiUrl: string;
  /** The certificate PEM when serving TLS. */
  readonly caPem: string | undefined;
  /** An API credential whose role allows every action. */
  readonly apiCredential: { identifier: string; secret: string };
  /** An admin user for the legacy login (password sent as md5 hex). */
  readonly admin: { username: string; password: string };
  readonly state: SandboxState;
  readonly faults: FaultController;
  /** The OpenID Connect provider's faults (set merges, clear removes all). */
  readonly oidcFaults: OidcFaultController;
  /** The seeded client-area user, password included, who can sign in and approve an app. */
  readonly clientUser: ClientUserRecord;
  /** The OpenID Connect issuer (= url) and its discovery document's URL. */
  readonly issuer: string;
  readonly discoveryUrl: string;
  /** Sockets accepted and API requests handled since start or resetStats(). */
  stats(): SandboxStats;
  /**
   * The API and OpenID Connect requests received since start or resetStats() (the last 1000):
   * action (or page) and parameter names, never values.
   */
  requests(): LoggedRequest[];
  resetStats(): void;
  /**
   * Stops listening and drops every open connection: clients get "connection refused" until
   * acceptConnections() listens again on the same port.
   */
  refuseConnections(): Promise<void>;
  acceptConnections(): Promise<void>;
  /**
   * TLS only: presents a different self-signed certificate, one no client was told to trust,
   * until called with false. Open connections are dropped so the next request meets it.
   */
  serveUntrustedCertificate(untrusted: boolean): Promise<void>;
  /** Stops listening and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}
