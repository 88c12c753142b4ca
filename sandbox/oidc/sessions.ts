// Client-area sessions (PHP's session, by cookie): who is signed in, the CSRF token of the forms,
// the authorize request kept across the login page, and the one awaiting consent.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthorizeRequest } from './authorizeRequest';

export const SESSION_COOKIE = 'WHMCSClientAreaSession';

export interface ClientAreaSession {
  readonly id: string;
  readonly csrfToken: string;
  userId: number | undefined;
  /** Unix seconds of the sign-in. */
  signedInAt: number;
  /** The authorize request's parameters kept while the person signs in. */
  keptAuthorize: URLSearchParams | undefined;
  /** The validated request the consent page shows. */
  awaitingConsent: AuthorizeRequest | undefined;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export class SessionStore {
  private readonly sessions = new Map<string, ClientAreaSession>();

  find(req: IncomingMessage): ClientAreaSession | undefined {
    const id = cookieValue(req, SESSION_COOKIE);
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** The request's session, or a new one whose cookie `setCookie` must send. */
  open(req: IncomingMessage, cookiePath: string): { session: ClientAreaSession; setCookie: string | undefined } {
    const found = this.find(req);
    if (found) return { session: found, setCookie: undefined };
    const session: ClientAreaSession = {
      id: randomBytes(16).toString('hex'),
      csrfToken: randomBytes(20).toString('hex'),
      userId: undefined,
      signedInAt: 0,
      keptAuthorize: undefined,
      awaitingConsent: undefined,
    };
    this.sessions.set(session.id, session);
    return { session, setCookie: `${SESSION_COOKIE}=${session.id}; Path=${cookiePath}; HttpOnly; SameSite=Lax` };
  }

  clear(): void {
    this.sessions.clear();
  }
}
