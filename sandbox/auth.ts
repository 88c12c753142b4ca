// Everything WHMCS checks before an action runs, in this order (first failure answers):
//   1 IP ban           -> IP Banned                                          403
//   2 access key       -> Invalid Access Key                                 403 (a valid key skips 3)
//   3 IP allow-list    -> Invalid IP <ip>                                    403
//   4 authentication   -> Invalid or missing credentials / Invalid password provided /
//                         Authentication Failed                              403
//   5 action present   -> Empty action request                               400
//   6 action exists    -> Invalid API Action: "x" is not a valid API action  403
//   7 role permission  -> Invalid Permissions: API action "x" is not allowed 403
// Authentication precedes the action checks because the API document says a JSON body (so no
// action and no credentials at all) is answered with an authentication failure.
import { normaliseAction } from './actionName';
import type { Params } from './params';
import { phpTruthy } from './phpCast';
import type { SandboxState } from './state';

export interface GateConfig {
  readonly bannedIps: readonly string[];
  /** null: every address allowed. An empty list allows none. */
  readonly allowedIps: readonly string[] | null;
  /** The $api_access_key of configuration.php; null when not configured. */
  readonly accessKey: string | null;
  readonly isKnownAction: (action: string) => boolean;
}

export type GateResult =
  | { readonly ok: true; readonly action: string }
  | { readonly ok: false; readonly status: number; readonly message: string };

const MD5_HEX = /^[0-9a-f]{32}$/i;

/** The address as PHP's REMOTE_ADDR shows it: IPv4 clients of a dual-stack socket lose `::ffff:`. */
export function phpRemoteAddress(address: string | undefined): string {
  const raw = address ?? '';
  return raw.toLowerCase().startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
}

function deny(message: string, status = 403): GateResult {
  return { ok: false, status, message };
}

/** Returns the allowed action set of whoever authenticated, or an error message. */
function authenticate(params: Params, state: SandboxState): { allowed: ReadonlySet<string> | 'all' } | { error: string } {
  const identifier = params.string('identifier');
  if (phpTruthy(identifier)) {
    const credential = state.findApiCredential(identifier ?? '');
    if (!credential) return { error: 'Invalid or missing credentials' };
    if (params.string('secret') !== credential.secret) return { error: 'Authentication Failed' };
    return { allowed: credential.allowedActions };
  }

  const username = params.string('username');
  if (!phpTruthy(username)) return { error: 'Authentication Failed' };
  const password = params.string('password') ?? '';

  // Compatibility form: username/password carrying an API credential's identifier/secret.
  const credential = state.findApiCredential(username ?? '');
  if (credential) {
    return password === credential.secret ? { allowed: credential.allowedActions } : { error: 'Authentication Failed' };
  }

  // Legacy admin login: the password must be the md5 hex of the admin password.
  if (!MD5_HEX.test(password)) return { error: 'Invalid password provided' };
  const admin = state.findAdmin(username ?? '');
  if (!admin || admin.passwordMd5 !== password.toLowerCase()) return { error: 'Authentication Failed' };
  return { allowed: 'all' };
}

export function checkGate(params: Params, remoteAddress: string, state: SandboxState, config: GateConfig): GateResult {
  if (config.bannedIps.includes(remoteAddress)) return deny('IP Banned');

  const accessKey = params.string('accesskey');
  let bypassAllowList = false;
  if (phpTruthy(accessKey)) {
    if (config.accessKey === null || accessKey !== config.accessKey) return deny('Invalid Access Key');
    bypassAllowList = true;
  }
  if (!bypassAllowList && config.allowedIps !== null && !config.allowedIps.includes(remoteAddress)) {
    return deny(`Invalid IP ${remoteAddress}`);
  }

  const auth = authenticate(params, state);
  if ('error' in auth) return deny(auth.error);

  const action = normaliseAction(params.string('action') ?? '');
  if (action === '') return deny('Empty action request', 400);

  if (!config.isKnownAction(action)) return deny(`Invalid API Action: "${action}" is not a valid API action`);
  if (auth.allowed !== 'all' && !auth.allowed.has(action)) {
    return deny(`Invalid Permissions: API action "${action}" is not allowed`);
  }
  return { ok: true, action };
}
