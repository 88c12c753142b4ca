// authorize.php and the client-area login around it. GET checks the request (errors answer at
// once, signed in or not); a person not signed in is sent to the login page with the request kept
// in the session; a signed-in person sees the consent page, whose POST answers the client with a
// code or access_denied.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from '../params';
import { checkAuthorizeRequest } from './authorizeRequest';
import { links, type OidcContext } from './context';
import { nowSeconds } from './grants';
import { appendQuery, errorRedirect } from './oauthErrors';
import { sendHtml, sendOAuthError, sendRedirect } from './http';
import { clientAreaPage, consentPage, errorPage, loginPage } from './pages';

/** The parameters WHMCS keeps across the login page. */
const KEPT_PARAMETERS = ['client_id', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state'];

export function handleAuthorizeGet(req: IncomingMessage, res: ServerResponse, query: Params, context: OidcContext): void {
  const check = checkAuthorizeRequest(query, context.state);
  if (check.kind === 'error') return sendOAuthError(res, check.error);
  if (check.kind === 'redirect') return sendRedirect(res, errorRedirect(check.redirectUri, check.state, check.error, check.description));
  const { session, setCookie } = context.sessions.open(req, links.cookiePath);
  const user = session.userId === undefined ? undefined : context.state.getClientUser(session.userId);
  if (!user) {
    const kept = new URLSearchParams();
    for (const name of KEPT_PARAMETERS) {
      const value = query.string(name);
      if (value !== undefined) kept.set(name, value);
    }
    session.keptAuthorize = kept;
    return sendRedirect(res, links.fromAuthorize.login, setCookie);
  }
  const credential = context.state.getCredential(check.request.credentialId);
  if (!credential) return sendHtml(res, 400, errorPage('The application no longer exists.'));
  session.awaitingConsent = check.request;
  sendHtml(res, 200, consentPage(links.fromAuthorize.consent, session.csrfToken, credential.name, credential.logoUri, check.request.scope, `${user.firstName} ${user.lastName}`));
}

export function handleAuthorizePost(req: IncomingMessage, res: ServerResponse, body: Params, context: OidcContext): void {
  const session = context.sessions.find(req);
  const request = session?.awaitingConsent;
  if (!session || session.userId === undefined || !request || body.string('token') !== session.csrfToken) {
    return sendHtml(res, 400, errorPage('Invalid CSRF Protection Token'));
  }
  session.awaitingConsent = undefined;
  if (body.string('userAuthorization') !== 'yes') {
    return sendRedirect(res, errorRedirect(request.redirectUri, request.state, 'access_denied', 'The user denied access to your application'));
  }
  const code = context.grants.issueCode({
    clientId: request.clientId,
    userId: session.userId,
    redirectUri: request.suppliedRedirectUri,
    scope: request.scope,
    nonce: request.nonce,
    authTime: session.signedInAt,
  });
  sendRedirect(res, appendQuery(request.redirectUri, [['code', code], ['state', request.state]]));
}

export function handleLoginPage(req: IncomingMessage, res: ServerResponse, query: Params, context: OidcContext): void {
  const { session, setCookie } = context.sessions.open(req, links.cookiePath);
  sendHtml(res, 200, loginPage(links.fromLogin.doLogin, session.csrfToken, query.string('incorrect') === 'true'), setCookie ? { 'Set-Cookie': setCookie } : {});
}

export function handleLogin(req: IncomingMessage, res: ServerResponse, body: Params, context: OidcContext): void {
  const session = context.sessions.find(req);
  if (!session || body.string('token') !== session.csrfToken) return sendHtml(res, 400, errorPage('Invalid CSRF Protection Token'));
  const user = context.state.findClientUserByEmail(body.string('username') ?? '');
  if (!user || user.password !== body.string('password')) return sendRedirect(res, `${links.fromDoLogin.login}?incorrect=true`);
  session.userId = user.id;
  session.signedInAt = nowSeconds();
  const kept = session.keptAuthorize;
  session.keptAuthorize = undefined;
  sendRedirect(res, kept ? `${links.fromDoLogin.authorize}?${kept.toString()}` : links.fromDoLogin.clientArea);
}

export function handleClientArea(req: IncomingMessage, res: ServerResponse, context: OidcContext): void {
  const userId = context.sessions.find(req)?.userId;
  const user = userId === undefined ? undefined : context.state.getClientUser(userId);
  sendHtml(res, 200, clientAreaPage(user && `${user.firstName} ${user.lastName}`));
}
