// The fetch openid-client uses for every request of a Test Sign-In: undici over the server's own
// dispatcher, so its CA, proxy and timeouts apply as for the API client; the caller's signal
// cancels whatever is in flight; network failures become the API client's TransportError (same
// words, proxy credentials kept out). Remembers which URLs answered, so a failure can be put on
// the step that made the request.
import { fetch as undiciFetch } from 'undici';
import type { CustomFetch } from 'openid-client';
import { createDispatcher, transportErrorFrom, type TransportOptions } from '../whmcs/transport';

export interface OidcFetch {
  fetch: CustomFetch;
  /** Seconds for openid-client's own timeout: longer than the dispatcher's, which speak first. */
  timeoutSeconds: number;
  /** URLs (without query) requested, in order, and when each answered (performance.now()). */
  requests: Array<{ url: string; answeredAt?: number }>;
  close(): Promise<void>;
}

export interface OidcFetchOptions {
  transport: TransportOptions;
  signal: AbortSignal | undefined;
  /** The redirect_uri to send to the token endpoint exactly as registered (no URL normalisation). */
  redirectUri: string;
}

export function createOidcFetch(options: OidcFetchOptions): OidcFetch {
  const { dispatcher, timeouts } = createDispatcher(options.transport);
  const requests: OidcFetch['requests'] = [];
  const fetch: CustomFetch = async (url, init) => {
    const target = new URL(url);
    const signals = [init.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const request: OidcFetch['requests'][number] = { url: `${target.origin}${target.pathname}` };
    requests.push(request);
    const body = init.body instanceof URLSearchParams ? exactRedirectUri(init.body, options.redirectUri) : init.body;
    try {
      const response = await undiciFetch(url, {
        method: init.method,
        headers: init.headers,
        body: body as never,
        redirect: 'manual',
        signal: signals.length ? AbortSignal.any(signals) : null,
        dispatcher,
      });
      request.answeredAt = performance.now();
      return response as unknown as Response;
    } catch (error) {
      throw transportErrorFrom(error, target, timeouts, undefined, options.signal?.aborted ?? false, options.transport.proxy?.url);
    }
  };
  const longest = timeouts.connectMs + timeouts.headersMs + timeouts.bodyMs;
  return {
    fetch,
    timeoutSeconds: Math.ceil(longest / 1000) + 5,
    requests,
    close: () => dispatcher.close(),
  };
}

/** openid-client derives redirect_uri from the callback URL; WHMCS compares it as a string. */
function exactRedirectUri(body: URLSearchParams, redirectUri: string): URLSearchParams {
  if (body.get('grant_type') === 'authorization_code') body.set('redirect_uri', redirectUri);
  return body;
}
