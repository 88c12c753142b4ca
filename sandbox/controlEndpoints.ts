// The sandbox's own JSON endpoints under <basePath>/__sandbox/, for end-to-end tests and demos:
//   GET credentials  the stored state, secrets included (a test oracle)
//   GET stats        connections and API requests counted since start or the last reset of stats
//   GET requests     the API requests received: action and parameter names (never values)
//   POST faults      inject a fault (JSON body)        DELETE faults   remove all faults
//   POST oidc-faults set OpenID Connect faults (JSON body, merged)   GET / DELETE oidc-faults
//   POST reset       restore the seeded credentials and remove all faults (API and OIDC)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFault, type FaultController } from './faults';
import { parseOidcFaults, type OidcFaultController } from './oidc/faults';
import { readBody } from './requestParams';
import type { LoggedRequest } from './requestLog';
import type { CredentialSnapshot, SandboxState } from './state';

export interface ControlContext {
  readonly state: SandboxState;
  readonly faults: FaultController;
  readonly oidcFaults: OidcFaultController;
  readonly seedSnapshot: CredentialSnapshot;
  readonly stats: () => { connections: number; requests: number };
  readonly requests: () => LoggedRequest[];
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value, null, 2), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

function credentialsDocument(state: SandboxState): unknown {
  return {
    credentials: state.listCredentials().map((credential) => ({
      ...credential,
      createdAt: credential.createdAt.toISOString(),
      updatedAt: credential.updatedAt.toISOString(),
    })),
    scopes: state.listScopes(),
    services: state.listServices(),
  };
}

/** `route`: the path below the control prefix, e.g. "faults". */
export async function handleControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  context: ControlContext,
): Promise<void> {
  const body = await readBody(req);
  const method = req.method ?? 'GET';
  if (route === 'credentials' && method === 'GET') return sendJson(res, 200, credentialsDocument(context.state));
  if (route === 'stats' && method === 'GET') return sendJson(res, 200, context.stats());
  if (route === 'requests' && method === 'GET') return sendJson(res, 200, { requests: context.requests() });
  if (route === 'faults' && method === 'DELETE') {
    context.faults.clear();
    return sendJson(res, 200, { faults: [] });
  }
  if (route === 'faults' && method === 'GET') return sendJson(res, 200, { faults: context.faults.list() });
  if (route === 'faults' && method === 'POST') {
    try {
      context.faults.inject(parseFault(JSON.parse(body?.toString('utf8') ?? '')));
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return sendJson(res, 200, { faults: context.faults.list() });
  }
  if (route === 'oidc-faults' && method === 'GET') return sendJson(res, 200, { oidcFaults: context.oidcFaults.get() });
  if (route === 'oidc-faults' && method === 'DELETE') {
    context.oidcFaults.clear();
    return sendJson(res, 200, { oidcFaults: {} });
  }
  if (route === 'oidc-faults' && method === 'POST') {
    try {
      context.oidcFaults.set(parseOidcFaults(JSON.parse(body?.toString('utf8') ?? '')));
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return sendJson(res, 200, { oidcFaults: context.oidcFaults.get() });
  }
  if (route === 'reset' && method === 'POST') {
    context.state.restore(context.seedSnapshot);
    context.faults.clear();
    context.oidcFaults.clear();
    return sendJson(res, 200, { credentials: context.state.listCredentials().length });
  }
  return sendJson(res, 404, { error: `no control endpoint ${method} ${route}` });
}
