// Writing the provider's answers: JSON with the library's no-store headers, HTML, redirects.
import type { ServerResponse } from 'node:http';
import { errorBody, phpJson, type OAuthError } from './oauthErrors';

type Headers = Record<string, string | string[]>;

function send(res: ServerResponse, status: number, contentType: string, text: string, headers: Headers): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': body.length, 'X-Powered-By': 'PHP/8.1.27', ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  send(res, status, 'application/json', phpJson(value), { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers });
}

export function sendOAuthError(res: ServerResponse, error: OAuthError, headers: Headers = {}): void {
  sendJson(res, error.status, errorBody(error), headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Headers = {}): void {
  send(res, status, 'text/html; charset=utf-8', html, headers);
}

export function sendRedirect(res: ServerResponse, location: string, setCookie?: string): void {
  send(res, 302, 'text/html; charset=utf-8', '', { Location: location, ...(setCookie ? { 'Set-Cookie': setCookie } : {}) });
}
