// createSandbox: wires the state, the API endpoint, the control endpoints and the HTTP(S) server.
import { canary } from './canaries';
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ACTIONS } from './actions';
import { handleApiRequest, sendAnswer, type ApiEndpointContext } from './apiEndpoint';
import { handleControlRequest, type ControlContext } from './controlEndpoints';
import { FaultController } from './faults';
import type { OidcContext } from './oidc/context';
import { handleOidcRequest, OIDC_ROUTES, WELL_KNOWN_PATH } from './oidc/endpoint';
import { OidcFaultController } from './oidc/faults';
import { DEFAULT_CODE_LIFETIME_SECONDS, GrantStore } from './oidc/grants';
import { SigningKeys } from './oidc/keys';
import { SessionStore } from './oidc/sessions';
import { flavorProfile } from './flavor';
import { FATAL_ERROR_PAGE, NOT_FOUND_PAGE } from './htmlPages';
import { HTML_TYPE } from './responses';
import { RequestLog } from './requestLog';
import { seedDatabase } from './seed';
import { SandboxState } from './state';
import { generateSelfSignedCert, type TlsMaterial } from './tls';
import type { Sandbox, SandboxOptions, SandboxStats } from './types';

/** '/whmcs/' -> '/whmcs', '' and '/' -> ''. */
function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The host as it goes into a URL a person can open. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function tlsMaterialFor(option: SandboxOptions['tls']): Promise<TlsMaterial | undefined> {
  if (option === true) return generateSelfSignedCert();
  return option || undefined;
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const profile = flavorProfile(options.flavor ?? '8.7', options.numbersAsStrings);
  const state = new SandboxState(profile.flavor);
  seedDatabase(state, options.seed ?? true);
  const apiCredential = state.addApiCredential(options.apiCredential ?? {});
  const admin = options.admin ?? { username: 'admin', password: canary(randomBytes(12).toString('base64url')) };
  state.addAdmin(admin.username, admin.password);
  const clientUser = state.addClientUser(
    options.clientUser ?? { email: 'client@sandbox.test', password: canary(randomBytes(12).toString('base64url')), firstName: 'Sandbox', lastName: 'Client' },
  );
  const seedSnapshot = state.snapshot();
  const faults = new FaultController();
  const oidcFaults = new OidcFaultController();

  const counters: SandboxStats = { connections: 0, requests: 0 };
  const requestLog = new RequestLog();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const apiContext: ApiEndpointContext = {
    state,
    faults,
    profile,
    mergeDefect: options.mergeDefect ?? false,
    gate: {
      bannedIps: options.bannedIps ?? [],
      allowedIps: options.allowedIps ?? null,
      accessKey: options.accessKey ?? null,
      isKnownAction: (action) => ACTIONS.has(action),
    },
    latencyMs: options.latencyMs ?? 0,
    requestLog,
    sleep,
  };
  const controlContext: ControlContext = { state, faults, oidcFaults, seedSnapshot, stats: () => ({ ...counters }), requests: () => requestLog.list() };

  const basePath = normaliseBasePath(options.basePath ?? '/whmcs');
  const apiPath = `${basePath}/includes/api.php`;
  const controlPrefix = `${basePath}/__sandbox/`;
  let url = ''; // known once listening
  const oidcContext: OidcContext = {
    state,
    faults: oidcFaults,
    keys: new SigningKeys(),
    grants: new GrantStore(options.oidcCodeLifetimeSeconds ?? DEFAULT_CODE_LIFETIME_SECONDS),
    sessions: new SessionStore(),
    issuer: () => url,
    basePath,
    sleep,
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : target.slice(queryAt + 1);
    if (path === apiPath) {
      counters.requests += 1;
      return handleApiRequest(req, res, rawQuery, apiContext);
    }
    if (path === WELL_KNOWN_PATH) return handleOidcRequest(req, res, WELL_KNOWN_PATH, rawQuery, oidcContext, requestLog);
    if (path.startsWith(`${basePath}/`) && OIDC_ROUTES.has(path.slice(basePath.length + 1))) {
      return handleOidcRequest(req, res, path.slice(basePath.length + 1), rawQuery, oidcContext, requestLog);
    }
    if (path.startsWith(controlPrefix)) return handleControlRequest(req, res, path.slice(controlPrefix.length), controlContext);
    req.resume();
    sendAnswer(res, { status: 404, contentType: HTML_TYPE, body: NOT_FOUND_PAGE });
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendAnswer(res, { status: 500, contentType: HTML_TYPE, body: FATAL_ERROR_PAGE });
      else res.destroy();
    });
  };

  const tls = await tlsMaterialFor(options.tls);
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  server.keepAliveTimeout = 5_000; // Apache's default KeepAliveTimeout
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    counters.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {}); // a client refusing the certificate is an expected outcome

  const host = options.host ?? '127.0.0.1';
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const dropConnections = () => {
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  };
  await listen(options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  let untrusted: Promise<TlsMaterial> | undefined;
  url = `${tls ? 'https' : 'http'}://${urlHost(host)}:${port}${basePath}`;

  return {
    url,
    apiUrl: `${url}/includes/api.php`,
    caPem: tls?.cert,
    apiCredential,
    admin: { ...admin },
    state,
    faults,
    oidcFaults,
    clientUser,
    issuer: url,
    discoveryUrl: `${url}/oauth/openid-configuration.php`,
    stats: () => ({ ...counters }),
    requests: () => requestLog.list(),
    resetStats: () => {
      counters.connections = 0;
      counters.requests = 0;
      requestLog.clear();
    },
    refuseConnections: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        dropConnections();
      }),
    acceptConnections: () => (server.listening ? Promise.resolve() : listen(port)),
    serveUntrustedCertificate: async (on) => {
      if (!tls) throw new Error('serveUntrustedCertificate needs a sandbox started with tls');
      untrusted ??= generateSelfSignedCert();
      const material = on ? await untrusted : tls;
      (server as https.Server).setSecureContext({ key: material.key, cert: material.cert });
      dropConnections();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        if (server.listening) server.close(() => resolve());
        else resolve();
        dropConnections();
      }),
  };
}
