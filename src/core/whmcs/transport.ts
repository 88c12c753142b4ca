// The HTTP side of a WHMCS server connection: one undici dispatcher per server (keep-alive
// sockets reused across calls, never the global dispatcher), its TLS and proxy settings, and the
// translation of every network failure into a TransportError that says plainly what failed and
// whether the request may have reached WHMCS. A proxy URL may carry `user:password@`: no message
// or hint made here ever contains them, whatever undici's own error text says.
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { Agent, EnvHttpProxyAgent } from './undiciParts';
import { TransportError, type TransportCause } from './errors';
import { redactSecrets } from './redact';

export interface Timeouts {
  /** TCP + TLS connection set-up. */
  connectMs: number;
  /** From the request being sent until the answer's headers arrive (the PHP run time). */
  headersMs: number;
  /** Longest silence while the body streams in. */
  bodyMs: number;
}

/**
 * One kept-alive socket per server, calls queued on it. A pool of several would open a second
 * socket for back-to-back calls (undici frees a socket a tick after the body ends), and a PHP
 * server gains nothing from parallel calls of one admin tool; bursts (50 updates) stay polite.
 */
export const SOCKETS_PER_SERVER = 1;

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface TlsOptions {
  /** Extra trusted CA certificates (PEM), e.g. an internal CA; added to the system roots. */
  caPem?: string | undefined;
  /** Accept any certificate. An explicit, per-server opt-out for self-signed servers. */
  allowUntrustedCertificate?: boolean | undefined;
}

export interface ProxyOptions {
  /** http://[user:pass@]host:port of an HTTP(S) proxy. */
  url: string;
  /** Comma- or space-separated hosts that bypass the proxy (the NO_PROXY syntax). */
  noProxy?: string | undefined;
  /** Verify the proxy's own certificate (VS Code's http.proxyStrictSSL); default true. */
  strictSsl?: boolean | undefined;
}

export interface TransportOptions {
  timeouts?: Partial<Timeouts> | undefined;
  tls?: TlsOptions | undefined;
  proxy?: ProxyOptions | undefined;
}

export function createDispatcher(options: TransportOptions): { dispatcher: Dispatcher; timeouts: Timeouts } {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(options.timeouts ?? {}) };
  const tls = tlsConnectOptions(options.tls);
  const agentOptions = {
    connect: { ...tls, timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: 4_000,
    connections: SOCKETS_PER_SERVER,
  };
  if (!options.proxy) return { dispatcher: new Agent(agentOptions), timeouts };
  const { url, noProxy, strictSsl } = options.proxy;
  checkProxyUrl(url);
  // Proxy and target are configured explicitly, so the environment is never read behind our back.
  const dispatcher = new EnvHttpProxyAgent({
    ...agentOptions,
    httpProxy: url,
    httpsProxy: url,
    noProxy: (noProxy ?? '').replace(/\s+/g, ','),
    requestTls: tls,
    proxyTls: { rejectUnauthorized: strictSsl ?? true },
  });
  return { dispatcher, timeouts };
}

const PROXY_SETTING_HINT = 'VS Code\'s http.proxy, HTTPS_PROXY, or --proxy for the CLI';

/** Refuses a proxy URL undici could not use, without repeating it (it may hold a password). */
function checkProxyUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TransportError('The proxy URL is not a valid URL.', 'proxy', false, `Correct the proxy setting (${PROXY_SETTING_HINT}): http://[user:password@]host:port.`);
  }
  if (!['http:', 'https:', 'socks:', 'socks5:'].includes(parsed.protocol)) {
    throw new TransportError(
      `The proxy URL must start with http://, https:// or socks5://, not ${parsed.protocol}//.`,
      'proxy',
      false,
      `Correct the proxy setting (${PROXY_SETTING_HINT}).`,
    );
  }
}

/** What may be said about a proxy: its address without user info, and what must never be said. */
interface ProxyFacts {
  label: string;
  hostname: string;
  port: number;
  hasCredentials: boolean;
  secrets: string[];
}

function proxyFacts(url: string | undefined): ProxyFacts | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const defaultPort = parsed.protocol === 'https:' ? 443 : parsed.protocol.startsWith('socks') ? 1080 : 80;
  const raw = [parsed.username, parsed.password];
  const decoded = raw.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  return {
    label: `${parsed.protocol}//${parsed.host}`,
    hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || defaultPort),
    hasCredentials: parsed.username !== '' || parsed.password !== '',
    // The user name too: it is half of the credential, and often an e-mail address or account.
    secrets: [...raw, ...decoded].filter((part) => part.length > 0).sort((a, b) => b.length - a.length),
  };
}

function tlsConnectOptions(tls: TlsOptions | undefined): { ca?: string[]; rejectUnauthorized?: boolean } {
  if (tls?.allowUntrustedCertificate) return { rejectUnauthorized: false };
  if (tls?.caPem) {
    // Node replaces the default roots when `ca` is given: keep them and add the extra ones.
    return { ca: [...rootCertificates, tls.caPem] };
  }
  return {};
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server\'s certificate chain ends in an untrusted (self-signed) root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the server\'s certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server\'s certificate is signed by an unknown authority',
  CERT_HAS_EXPIRED: 'the server\'s certificate has expired',
  CERT_NOT_YET_VALID: 'the server\'s certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s certificate is for another host name',
};

interface NodeishError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/**
 * Translates whatever undici or Node threw into a TransportError. `proxyUrl` is the proxy the
 * dispatcher was given, if any: to tell its failures from the server's, and to keep its
 * credentials out of every message.
 */
export function transportErrorFrom(
  error: unknown,
  target: URL,
  timeouts: Timeouts,
  action: string | undefined,
  cancelled: boolean,
  proxyUrl?: string,
): TransportError {
  const where = `${target.protocol}//${target.host}`;
  const proxy = proxyFacts(proxyUrl);
  const scrub = (text: string) => redactSecrets(text, proxy?.secrets ?? []);
  // The error keeps undici's original as its cause (for debugging), never in message or hint.
  const make = (cause: TransportCause, what: string, maybeApplied: boolean, hint: string) =>
    new TransportError(scrub(what), cause, maybeApplied, scrub(hint), action, { cause: error });
  if (cancelled) return make('cancelled', `The request to ${where} was cancelled.`, true, 'Run it again when ready.');

  const chain = causeChain(error);
  const codes = chain.map((e) => String(e.code ?? ''));
  const messages = chain.map((e) => String(e.message ?? '')).join(' | ');
  const has = (...wanted: string[]) => codes.some((c) => wanted.includes(c));

  const proxyStatus = /Proxy response \((\d+)\)|Proxy Authentication Required \((\d+)\)/.exec(messages);
  if (proxyStatus) {
    const status = Number(proxyStatus[1] ?? proxyStatus[2]);
    const label = proxy ? `The proxy ${proxy.label}` : 'The proxy';
    if (status === 407) {
      return make(
        'proxy',
        `${label} refused to carry the request to ${where}: it requires proxy authentication (HTTP 407 Proxy Authentication Required)${proxy?.hasCredentials ? ' and did not accept the user name and password in the proxy URL' : ''}.`,
        false,
        proxy?.hasCredentials
          ? `Correct the user name and password in the proxy URL (${PROXY_SETTING_HINT}).`
          : `Put the proxy's user name and password into the proxy URL as http://user:password@host:port (${PROXY_SETTING_HINT}).`,
      );
    }
    return make('proxy', `${label} refused the connection to ${where} (HTTP ${status}).`, false, 'Check the proxy URL, its credentials and the no-proxy list.');
  }
  if (proxy && atProxy(chain, proxy)) {
    const what = has('ECONNREFUSED')
      ? 'the connection was refused'
      : has('ENOTFOUND', 'EAI_AGAIN')
        ? 'its host name could not be resolved'
        : has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')
          ? `no connection within ${seconds(timeouts.connectMs)}`
          : 'the connection failed';
    return make('proxy', `Could not reach the proxy ${proxy.label}: ${what}.`, false, `Check the proxy setting (${PROXY_SETTING_HINT}) and that the proxy is running.`);
  }

  const tlsCode = codes.find((c) => c in TLS_CODES || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_'));
  if (tlsCode) {
    const what = TLS_CODES[tlsCode] ?? `the TLS handshake failed (${tlsCode})`;
    return make(
      'tls',
      `Could not connect securely to ${where}: ${what}.`,
      false,
      'Add the server\'s CA certificate (PEM) in the server settings, or, for a self-signed test server only, allow untrusted certificates for this server.',
    );
  }
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'))
    return make(
      'connectTimeout',
      `Could not connect to ${where} within ${seconds(timeouts.connectMs)}.`,
      false,
      'Check the host name, the port and any firewall between you and the server.',
    );
  if (has('ECONNREFUSED'))
    return make('refused', `Connection refused by ${where}.`, false, 'Check the URL and port, and that the web server is running.');
  if (has('ENOTFOUND', 'EAI_AGAIN'))
    return make('dns', `The host name ${target.hostname} could not be resolved.`, false, 'Check the URL for typos and your DNS or VPN.');
  if (has('UND_ERR_HEADERS_TIMEOUT'))
    return make(
      'headersTimeout',
      `${where} did not answer within ${seconds(timeouts.headersMs)}.`,
      true,
      'The server may be overloaded or the request may still be running; raise the timeout if WHMCS is slow.',
    );
  if (has('UND_ERR_BODY_TIMEOUT'))
    return make('bodyTimeout', `${where} stopped sending its answer for ${seconds(timeouts.bodyMs)}.`, true, 'Try again; if it persists, check the server.');
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_CLOSED'))
    return make(
      'reset',
      `The connection to ${where} was closed before the answer was complete.`,
      true,
      'A proxy, firewall or PHP crash may have cut it; try again, and check the server\'s error log if it persists.',
    );
  return make('other', `The request to ${where} failed: ${firstLine(messages) || 'unknown network error'}.`, true, 'Check the URL and the network.');
}

/** Whether a connection failure names the proxy's address rather than the server's. */
function atProxy(chain: readonly NodeishError[], proxy: ProxyFacts): boolean {
  return chain.some(
    (e) =>
      (typeof e.hostname === 'string' && e.hostname === proxy.hostname) ||
      (typeof e.address === 'string' && e.address === proxy.hostname && Number(e.port) === proxy.port),
  );
}

function causeChain(error: unknown): NodeishError[] {
  const chain: NodeishError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 5) {
    chain.push(current as NodeishError);
    current = (current as NodeishError).cause;
  }
  return chain;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}
