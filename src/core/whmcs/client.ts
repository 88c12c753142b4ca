// One client per WHMCS server: its dispatcher (keep-alive sockets reused across calls), its
// authentication, and `call(action, params)`, which always asks for JSON, always reads the body
// (WHMCS explains 403s in it), and returns the answer or throws a typed WhmcsError.
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { decodeAnswer, type ApiAnswer } from './decode';
import { RedirectError, TransportError, UnexpectedResponseError, WhmcsError, type AnyWhmcsError } from './errors';
import { httpBuildQuery, phpUrlencode, type PhpRecord } from './phpForm';
import { echoedForms, redactKnownSecrets } from './redact';
import { isRedirectStatus, redirectErrorFrom } from './redirect';
import { serverErrorFor } from './serverErrors';
import { baseUrlOf, secureApiEndpoint } from './serverUrl';
import { createDispatcher, transportErrorFrom, type Timeouts, type TransportOptions } from './transport';

export type WhmcsAuth =
  /** An API credential (WHMCS 7.2+), the preferred way. */
  | { kind: 'apiCredential'; identifier: string; secret: string }
  /** A legacy admin login; the password is sent as its md5, as WHMCS expects. */
  | { kind: 'adminLogin'; username: string; password: string };

export interface CallEvent {
  action: string;
  /** HTTP status, or undefined when no answer arrived. */
  status: number | undefined;
  durationMs: number;
  error?: AnyWhmcsError;
}

export interface WhmcsClientOptions extends TransportOptions {
  /** The WHMCS base URL as a person copies it; /includes/api.php is appended when missing. */
  baseUrl: string;
  auth: WhmcsAuth;
  /** $api_access_key from configuration.php: lets calls through the IP allow-list. */
  accessKey?: string | undefined;
  userAgent?: string | undefined;
  /**
   * Send requests over plain http to a host that is not loopback. Off by default: the API secret
   * would cross the network unencrypted (InsecureHttpError).
   */
  allowInsecureHttp?: boolean | undefined;
  /** Told about every call (for logs): never the parameters or the answer. */
  onCall?: ((event: CallEvent) => void) | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /**
   * Resend once when a reused keep-alive socket turns out closed. Only for calls that change
   * nothing (a list); a secret reset is never sent twice without the user asking.
   */
  readOnly?: boolean | undefined;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class WhmcsClient {
  readonly endpoint: URL;
  readonly baseUrl: string;
  readonly timeouts: Timeouts;
  readonly #dispatcher: Dispatcher;
  /** `responsetype=json` and the credentials, encoded once: they end every request body. */
  readonly #bodySuffix: string;
  readonly #knownSecrets: readonly string[];
  readonly #headers: Record<string, string>;
  readonly #onCall: WhmcsClientOptions['onCall'];
  /** Only to tell the proxy's failures apart and keep its credentials out of messages. */
  readonly #proxyUrl: string | undefined;

  constructor(options: WhmcsClientOptions) {
    this.endpoint = secureApiEndpoint(options.baseUrl, options.allowInsecureHttp ?? false);
    this.baseUrl = baseUrlOf(this.endpoint);
    const { dispatcher, timeouts } = createDispatcher(options);
    this.#dispatcher = dispatcher;
    this.timeouts = timeouts;
    const auth = authParams(options.auth, options.accessKey);
    this.#bodySuffix = httpBuildQuery({ responsetype: 'json', ...auth });
    this.#knownSecrets = knownSecretsOf(options.auth, auth);
    this.#headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': options.userAgent ?? 'whmcs-oauth',
    };
    this.#onCall = options.onCall;
    this.#proxyUrl = options.proxy?.url;
  }

  /** Calls a WHMCS API action; resolves with the success answer, rejects with a WhmcsError. */
  async call(action: string, params: PhpRecord = {}, options: CallOptions = {}): Promise<ApiAnswer> {
    const started = performance.now();
    const normalisedAction = action.toLowerCase().replace(/[^a-z0-9]/g, '');
    let status: number | undefined;
    try {
      const encoded = httpBuildQuery(params);
      const body = `${encoded}${encoded ? '&' : ''}action=${phpUrlencode(action)}&${this.#bodySuffix}`;
      let answer: { status: number; text: string };
      try {
        answer = await this.#send(body, normalisedAction, options.signal);
      } catch (error) {
        if (!options.readOnly || !(isTransport(error) && error.reason === 'reset')) throw error;
        answer = await this.#send(body, normalisedAction, options.signal);
      }
      status = answer.status;
      const decoded = decodeAnswer(answer.status, answer.text, normalisedAction, this.#knownSecrets);
      if (decoded['result'] === 'success') {
        this.#onCall?.({ action: normalisedAction, status, durationMs: performance.now() - started });
        return decoded;
      }
      if (decoded['result'] === 'error') {
        // The server's own words, but never a secret it echoed back.
        const message = redactKnownSecrets(String(decoded['message'] ?? 'Unknown error'), this.#knownSecrets);
        throw serverErrorFor(message, answer.status, normalisedAction);
      }
      throw new UnexpectedResponseError(
        `The server answered HTTP ${answer.status} without a WHMCS result.`,
        answer.status,
        '',
        normalisedAction,
      );
    } catch (error) {
      status ??= error instanceof RedirectError ? error.status : undefined;
      this.#onCall?.({ action: normalisedAction, status, durationMs: performance.now() - started, error: error as AnyWhmcsError });
      throw error;
    }
  }

  async #send(body: string, action: string, signal: AbortSignal | undefined): Promise<{ status: number; text: string }> {
    try {
      // Redirects are never followed (no redirect interceptor, no maxRedirections): the body
      // carries the API secret, and following would send it wherever the answer points.
      const response = await this.#dispatcher.request({
        origin: this.endpoint.origin,
        path: this.endpoint.pathname,
        method: 'POST',
        headers: this.#headers,
        body,
        signal,
      });
      if (isRedirectStatus(response.statusCode)) {
        await response.body.dump().catch(() => undefined);
        throw redirectErrorFrom(response.statusCode, response.headers['location'], this.endpoint, action, this.#knownSecrets);
      }
      const length = Number(response.headers['content-length'] ?? 0);
      if (length > MAX_RESPONSE_BYTES) {
        response.body.destroy();
        throw new UnexpectedResponseError(`The answer is too large (${length} bytes).`, response.statusCode, '', action);
      }
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      if (error instanceof WhmcsError) throw error;
      throw transportErrorFrom(error, this.endpoint, this.timeouts, action, signal?.aborted ?? false, this.#proxyUrl);
    }
  }

  /** Closes the kept-alive sockets. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }
}

function authParams(auth: WhmcsAuth, accessKey: string | undefined): Record<string, string> {
  const params: Record<string, string> =
    auth.kind === 'apiCredential'
      ? { identifier: auth.identifier, secret: auth.secret }
      : { username: auth.username, password: createHash('md5').update(auth.password, 'utf8').digest('hex') };
  if (accessKey) params['accesskey'] = accessKey;
  return params;
}

/**
 * What to redact from anything shown: each secret the request carries (the md5 of an admin
 * password is what WHMCS accepts, so it is as secret as the password) in the forms a server page
 * may echo it in.
 */
function knownSecretsOf(auth: WhmcsAuth, sent: Record<string, string>): string[] {
  const secrets = [auth.kind === 'apiCredential' ? auth.secret : auth.password, sent['password'], sent['secret'], sent['accesskey']];
  const unique = new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0).flatMap(echoedForms));
  return [...unique].sort((a, b) => b.length - a.length);
}

function isTransport(error: unknown): error is TransportError {
  return error instanceof TransportError;
}
