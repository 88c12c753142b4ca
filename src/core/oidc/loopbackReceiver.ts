// The redirect URI of a Test Sign-In: an HTTP listener on 127.0.0.1 that waits for the one redirect
// carrying this test's `state`. Other requests get a 400 or 404 page and are otherwise ignored
// (an old tab, a port scanner). The browser is told only that it may close the tab: the page
// never repeats the code, the state or anything else from the address.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK_CALLBACK_PATH = '/whmcs-oauth/callback';

/** The redirect URI a Test Sign-In listens on for `port`. */
export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${LOOPBACK_CALLBACK_PATH}`;
}

/** The port of a URI of the loopbackRedirectUri form, else undefined. */
export function loopbackPortOf(uri: string): number | undefined {
  const match = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/whmcs-oauth\/callback$/.exec(uri);
  const port = match ? Number(match[1]) : NaN;
  return port > 0 && port < 65536 ? port : undefined;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type RedirectOutcome =
  | { kind: 'redirect'; url: URL }
  | { kind: 'timedOut'; sawOtherState: boolean }
  | { kind: 'cancelled' };

/** The redirect URI cannot be listened on: another program holds the port. */
export class LoopbackPortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 is in use.`);
    this.name = 'LoopbackPortInUseError';
  }
}

const PAGE_DONE = 'The sign-in reached the WHMCS OAuth test. You can close this tab and return to it.';
const PAGE_OTHER = 'This is not the sign-in the WHMCS OAuth test is waiting for. You can close this tab.';

export class LoopbackReceiver {
  readonly #server: Server;
  readonly #path: string;
  readonly #state: string;
  readonly #base: URL;
  #received: URL | undefined;
  #sawOtherState = false;
  #notify: (() => void) | undefined;

  private constructor(server: Server, redirectUri: URL, state: string) {
    this.#server = server;
    this.#path = redirectUri.pathname;
    this.#state = state;
    this.#base = redirectUri;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.#answer(request, response));
  }

  /** Listens on the redirect URI's port and path; it must be http on 127.0.0.1 with a port. */
  static async listen(redirectUri: string, state: string): Promise<LoopbackReceiver> {
    const url = new URL(redirectUri);
    if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || !url.port) {
      throw new TypeError(`The redirect URI of a sign-in test must be http://127.0.0.1:<port>/..., not ${redirectUri}`);
    }
    const server = createServer();
    const port = Number(url.port);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new LoopbackPortInUseError(port) : error));
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return new LoopbackReceiver(server, url, state);
  }

  /** Resolves with our redirect, or when `waitMs` passed or `signal` fired; never rejects. */
  wait(waitMs: number, signal: AbortSignal | undefined): Promise<RedirectOutcome> {
    return new Promise((resolve) => {
      const finish = (outcome: RedirectOutcome) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#notify = undefined;
        resolve(outcome);
      };
      const onAbort = () => finish({ kind: 'cancelled' });
      const timer = setTimeout(() => finish({ kind: 'timedOut', sawOtherState: this.#sawOtherState }), waitMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#notify = () => finish({ kind: 'redirect', url: this.#received as URL });
      if (this.#received) this.#notify();
    });
  }

  /** Stops listening and drops every connection, the browser's kept-alive one too. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.#base);
    if (request.method !== 'GET' || url.pathname !== this.#path) return page(response, 404, 'Not found.');
    if (url.searchParams.get('state') !== this.#state) {
      this.#sawOtherState = true;
      return page(response, 400, PAGE_OTHER);
    }
    this.#received ??= url;
    page(response, 200, PAGE_DONE);
    this.#notify?.();
  }
}

function page(response: ServerResponse, status: number, text: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>WHMCS OAuth test</title></head><body><p>${text}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The address holds the code: no page this one leads to may learn it.
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'",
    connection: 'close',
  });
  response.end(body);
}
