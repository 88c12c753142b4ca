// Routes the OpenID Connect provider's pages below the base path, and /.well-known at the site
// root. Every request is logged by parameter names only (plus the Authorization scheme): values
// include client secrets, codes and tokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from '../params';
import { parsePhpQuery } from '../phpRequest';
import type { RequestLog } from '../requestLog';
import { readBody } from '../requestParams';
import { handleAuthorizeGet, handleAuthorizePost, handleClientArea, handleLogin, handleLoginPage } from './authorizeEndpoint';
import type { OidcContext } from './context';
import { discoveryDocument } from './discovery';
import { sendJson } from './http';
import { handleToken } from './tokenEndpoint';
import { handleUserinfo } from './userinfoEndpoint';

export const WELL_KNOWN_PATH = '/.well-known/openid-configuration';

/** Paths below the base path that this module answers. */
export const OIDC_ROUTES = new Set([
  'oauth/openid-configuration.php',
  'oauth/certs.php',
  'oauth/authorize.php',
  'oauth/token.php',
  'oauth/userinfo.php',
  'login.php',
  'dologin.php',
  'clientarea.php',
]);

/** The request variables as PHP registers them, without WHMCS's HTML-escaping (values are compared raw). */
function formBody(req: IncomingMessage, body: Buffer | undefined): Params {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const isForm = req.method === 'POST' && mediaType === 'application/x-www-form-urlencoded' && body !== undefined;
  return new Params(isForm ? parsePhpQuery(body) : parsePhpQuery(''));
}

function authorizationScheme(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header === undefined ? undefined : (header.split(' ')[0] ?? '');
}

/** `route`: the path below the base path ("oauth/token.php"), or WELL_KNOWN_PATH. */
export async function handleOidcRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  rawQuery: string,
  context: OidcContext,
  requestLog: RequestLog,
): Promise<void> {
  const body = formBody(req, await readBody(req));
  const query = new Params(parsePhpQuery(Buffer.from(rawQuery, 'latin1')));
  const names = [...query.entries(), ...body.entries()].map(([name]) => name);
  requestLog.record(route, names, authorizationScheme(req));

  switch (route) {
    case WELL_KNOWN_PATH:
    case 'oauth/openid-configuration.php':
      return sendJson(res, 200, discoveryDocument(context.issuer()));
    case 'oauth/certs.php':
      return sendJson(res, 200, await context.keys.jwks());
    case 'oauth/authorize.php':
      return req.method === 'POST' ? handleAuthorizePost(req, res, body, context) : handleAuthorizeGet(req, res, query, context);
    case 'oauth/token.php':
      return handleToken(req, res, body, query, context);
    case 'oauth/userinfo.php':
      return handleUserinfo(req, res, query, body, context);
    case 'login.php':
      return handleLoginPage(req, res, query, context);
    case 'dologin.php':
      return handleLogin(req, res, body, context);
    case 'clientarea.php':
      return handleClientArea(req, res, context);
    default:
      throw new Error(`no OIDC route ${route}`);
  }
}
