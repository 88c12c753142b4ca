// userinfo.php: the library's Bearer token type and ResourceController. The token comes from
// exactly one of the Authorization header, the query (?access_token=) or a form body; it must be
// known, unexpired and carry the openid scope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from '../params';
import { userClaims } from './claims';
import type { OidcContext } from './context';
import { nowSeconds } from './grants';
import { sendJson } from './http';
import { errorBody, oauthError, type OAuthError } from './oauthErrors';

const REALM = 'Bearer realm="Service"';

type TokenParameter = { token: string } | { error: OAuthError | undefined };

function tokenParameter(req: IncomingMessage, query: Params, body: Params): TokenParameter {
  const header = req.headers.authorization ?? '';
  const inQuery = query.string('access_token') ?? '';
  const inBody = body.string('access_token') ?? '';
  const methods = [header, inQuery, inBody].filter((value) => value !== '').length;
  if (methods > 1) return { error: oauthError(400, 'invalid_request', 'Only one method may be used to authenticate at a time (Auth header, GET or POST)') };
  if (methods === 0) return { error: undefined };
  if (header !== '') {
    const match = /Bearer\s(\S+)/i.exec(header);
    return match?.[1] ? { token: match[1] } : { error: oauthError(400, 'invalid_request', 'Malformed auth header') };
  }
  if (inBody !== '') {
    if (req.method !== 'POST' && req.method !== 'PUT') return { error: oauthError(400, 'invalid_request', 'When putting the token in the body, the method must be POST or PUT', '#section-2.2') };
    const type = req.headers['content-type'];
    if (type !== undefined && type !== 'application/x-www-form-urlencoded') {
      return { error: oauthError(400, 'invalid_request', 'The content type for POST requests must be "application/x-www-form-urlencoded"') };
    }
    return { token: inBody };
  }
  return { token: inQuery };
}

function refuse(res: ServerResponse, error: OAuthError | undefined): void {
  if (!error) return sendJson(res, 401, [], { 'WWW-Authenticate': REALM });
  const challenge = `${REALM}, error="${error.error}", error_description="${error.description}"`;
  sendJson(res, error.status, errorBody(error), { 'WWW-Authenticate': challenge });
}

export function handleUserinfo(req: IncomingMessage, res: ServerResponse, query: Params, body: Params, context: OidcContext): void {
  const parameter = tokenParameter(req, query, body);
  if (!('token' in parameter)) return refuse(res, parameter.error);
  const token = context.grants.findAccessToken(parameter.token);
  if (!token) return refuse(res, oauthError(401, 'invalid_token', 'The access token provided is invalid'));
  if (nowSeconds() > token.expires) return refuse(res, oauthError(401, 'invalid_token', 'The access token provided has expired'));
  if (!token.scope.split(' ').includes('openid')) {
    return refuse(res, oauthError(403, 'insufficient_scope', 'The request requires higher privileges than provided by the access token'));
  }
  const user = context.state.getClientUser(token.userId);
  if (!user) return refuse(res, oauthError(401, 'invalid_token', 'The access token provided is invalid'));
  sendJson(res, 200, userClaims(user, token.scope));
}
