// Command-line parsing of `whmcs-oauth`: flags win over environment variables, and every mistake
// is a UsageError with one line saying what is wrong.
import { parseArgs } from 'node:util';
import { checkOneStdinReader, chooseSecretSource, SECRET_INPUTS, type SecretSource } from './secretSources';
import { UsageError } from './usageError';

export { UsageError };

export type CommandName = 'list' | 'update' | 'reset-secret' | 'save-secret' | 'create' | 'delete' | 'test-sign-in';
const COMMANDS: readonly CommandName[] = ['list', 'update', 'reset-secret', 'save-secret', 'create', 'delete', 'test-sign-in'];

export interface ConnectionArgs {
  url: string;
  identifier: string | undefined;
  /** Where each secret comes from; read only after the URL is known to be acceptable. */
  secret: SecretSource | undefined;
  username: string | undefined;
  password: SecretSource | undefined;
  accessKey: SecretSource | undefined;
  caFile: string | undefined;
  insecure: boolean;
  allowInsecureHttp: boolean;
  timeoutMs: number | undefined;
  proxy: string | undefined;
  noProxy: string | undefined;
}

export interface FieldArgs {
  name?: string;
  description?: string;
  grantType?: string;
  scopes?: string[];
  serviceId?: number;
  logoUri?: string;
  redirectUris?: string[];
}

/** test-sign-in: how the sign-in test runs. */
export interface SignInArgs {
  /** --port; else the port of a registered loopback redirect URI, else a free one. */
  port: number | undefined;
  extraScopes: string[];
  open: boolean;
  liveSecret: boolean;
  registerRedirectUri: boolean;
  waitMs: number;
}

/** How long test-sign-in waits for the person to sign in, unless --wait says otherwise. */
export const DEFAULT_SIGN_IN_WAIT_SECONDS = 300;

export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: CommandName;
      connection: ConnectionArgs;
      json: boolean;
      credentialId: number | undefined;
      fields: FieldArgs;
      clearRedirectUris: boolean;
      printSecret: boolean;
      yes: boolean;
      repair: boolean;
      grantTypeFilter: string | undefined;
      signIn: SignInArgs;
    };

/** A command that talks to a server (not help or version). */
export type Command = Exclude<ParsedCommand, { kind: 'help' } | { kind: 'version' }>;

const OPTIONS = {
  url: { type: 'string' },
  identifier: { type: 'string' },
  secret: { type: 'string' },
  'secret-file': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'password-file': { type: 'string' },
  'access-key': { type: 'string' },
  'access-key-file': { type: 'string' },
  'ca-file': { type: 'string' },
  insecure: { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  timeout: { type: 'string' },
  proxy: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  description: { type: 'string' },
  'grant-type': { type: 'string' },
  scope: { type: 'string', multiple: true },
  'service-id': { type: 'string' },
  'logo-uri': { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'no-redirect-uris': { type: 'boolean' },
  'print-secret': { type: 'boolean' },
  yes: { type: 'boolean' },
  repair: { type: 'boolean' },
  port: { type: 'string' },
  'no-open': { type: 'boolean' },
  'live-secret': { type: 'boolean' },
  'register-redirect-uri': { type: 'boolean' },
  wait: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCommandLine(argv: readonly string[], processEnv: NodeJS.ProcessEnv): ParsedCommand {
  // An empty variable counts as unset, as shells and CI systems produce them freely.
  const env = Object.fromEntries(Object.entries(processEnv).filter(([, value]) => value)) as NodeJS.ProcessEnv;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { kind: 'help' };
  if (!COMMANDS.includes(command as CommandName)) throw new UsageError(`unknown command "${command}" (try --help)`);
  const kind = command as CommandName;

  const needsId = kind !== 'list' && kind !== 'create';
  const idText = rest[0];
  if (rest.length > (needsId ? 1 : 0)) throw new UsageError(`unexpected argument "${rest[needsId ? 1 : 0]}"`);
  if (needsId && idText === undefined) throw new UsageError(`${kind} needs a credential ID, e.g. whmcs-oauth ${kind} 3`);
  const credentialId = idText === undefined ? undefined : positiveInt(idText, 'credential ID');

  const url = values.url ?? env['WHMCS_URL'];
  if (!url) throw new UsageError('no server: pass --url or set WHMCS_URL to the WHMCS base URL');
  const timeout = values.timeout;
  const connection: ConnectionArgs = {
    url,
    identifier: values.identifier ?? env['WHMCS_API_IDENTIFIER'],
    secret: chooseSecretSource(SECRET_INPUTS.secret, values.secret, values['secret-file'], env),
    username: values.username ?? env['WHMCS_USERNAME'],
    password: chooseSecretSource(SECRET_INPUTS.password, values.password, values['password-file'], env),
    accessKey: chooseSecretSource(SECRET_INPUTS.accessKey, values['access-key'], values['access-key-file'], env),
    caFile: values['ca-file'] ?? env['WHMCS_CA_FILE'],
    insecure: values.insecure ?? false,
    allowInsecureHttp: values['allow-insecure-http'] ?? envSwitch(env, 'WHMCS_ALLOW_INSECURE_HTTP'),
    timeoutMs: timeout === undefined ? undefined : positiveInt(timeout, '--timeout'),
    proxy: values.proxy ?? env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'],
    noProxy: env['NO_PROXY'] ?? env['no_proxy'],
  };
  checkOneStdinReader([connection.secret, connection.password, connection.accessKey]);
  if (!connection.identifier && !connection.username) {
    throw new UsageError('no credentials: pass --identifier (or WHMCS_API_IDENTIFIER), or --username for an admin login');
  }

  const fields: FieldArgs = {};
  if (values.name !== undefined) fields.name = values.name;
  if (values.description !== undefined) fields.description = values.description;
  if (values['grant-type'] !== undefined && kind !== 'list') fields.grantType = values['grant-type'];
  if (values.scope !== undefined && kind !== 'test-sign-in') fields.scopes = values.scope.flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
  if (values['service-id'] !== undefined) fields.serviceId = nonNegativeInt(values['service-id'], '--service-id');
  if (values['logo-uri'] !== undefined) fields.logoUri = values['logo-uri'];
  if (values['redirect-uri'] !== undefined) fields.redirectUris = values['redirect-uri'];
  const clearRedirectUris = values['no-redirect-uris'] ?? false;
  if (clearRedirectUris && fields.redirectUris) throw new UsageError('--no-redirect-uris and --redirect-uri exclude each other');

  if (kind === 'update' && Object.keys(fields).length === 0 && !clearRedirectUris) {
    throw new UsageError('update needs at least one field to change (--name, --scope, --redirect-uri, ...)');
  }
  if (kind === 'create' && (!fields.grantType || !fields.scopes)) {
    throw new UsageError('create needs --grant-type and --scope');
  }
  if (kind === 'delete' && !values.yes) {
    throw new UsageError(`deleting a credential cannot be undone: run again with --yes to delete credential ${credentialId}`);
  }
  return {
    kind,
    connection,
    json: values.json ?? false,
    credentialId,
    fields,
    clearRedirectUris,
    printSecret: values['print-secret'] ?? false,
    yes: values.yes ?? false,
    repair: values.repair ?? false,
    grantTypeFilter: kind === 'list' ? values['grant-type'] : undefined,
    signIn: {
      port: values.port === undefined ? undefined : portNumber(values.port),
      extraScopes: kind === 'test-sign-in' ? (values.scope ?? []).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean) : [],
      open: !(values['no-open'] ?? false),
      liveSecret: values['live-secret'] ?? false,
      registerRedirectUri: values['register-redirect-uri'] ?? false,
      waitMs: (values.wait === undefined ? DEFAULT_SIGN_IN_WAIT_SECONDS : positiveInt(values.wait, '--wait')) * 1000,
    },
  };
}

/** A yes/no environment variable; anything but a clear answer is a mistake, not a silent no. */
function envSwitch(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || ['0', 'false', 'no'].includes(text)) return false;
  if (['1', 'true', 'yes'].includes(text)) return true;
  throw new UsageError(`${name} must be 1 or 0, not "${env[name]}"`);
}

function positiveInt(text: string, what: string): number {
  const value = nonNegativeInt(text, what);
  if (value === 0) throw new UsageError(`${what} must be a positive whole number, not "${text}"`);
  return value;
}

function portNumber(text: string): number {
  const port = positiveInt(text, '--port');
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not "${text}"`);
  return port;
}

function nonNegativeInt(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} must be a whole number, not "${text}"`);
  return Number.parseInt(text, 10);
}

export const HELP = `whmcs-oauth: manage the OAuth API client credentials of a WHMCS server

Usage:
  whmcs-oauth list [--grant-type T] [--json]
  whmcs-oauth update <credentialId> [--name N] [--description D] [--grant-type T]
                     [--scope S]... [--service-id N] [--logo-uri U]
                     [--redirect-uri U]... | [--no-redirect-uris] [--repair] [--json]
  whmcs-oauth reset-secret <credentialId> [--print-secret] [--json]
  whmcs-oauth save-secret <credentialId> [--print-secret]   copy the live secret into the keychain
  whmcs-oauth create --grant-type T --scope S [--name N] [--service-id N] [...] [--print-secret]
  whmcs-oauth delete <credentialId> --yes
  whmcs-oauth test-sign-in <credentialId> [--port N] [--scope S]... [--no-open] [--json]
                     [--live-secret] [--register-redirect-uri] [--wait SECONDS]

Server and authentication (flags win over the environment):
  --url URL            WHMCS_URL             the WHMCS base URL, e.g. https://billing.example.com
  --allow-insecure-http  WHMCS_ALLOW_INSECURE_HTTP=1
                                             allow plain http:// to a host that is not this
                                             machine; the secret then crosses the network
                                             unencrypted (refused without it, exit 2)
  --identifier ID      WHMCS_API_IDENTIFIER  API credential identifier
  --secret-file F      WHMCS_API_SECRET_FILE its secret, read from file F (- = standard input);
                                             when no secret is given, the keychain entry
                                             whmcs-oauth / <server>/api:<identifier>
  --username U         WHMCS_USERNAME        admin login instead (password sent as md5)
  --password-file F    WHMCS_PASSWORD_FILE   its password, from file F; else the keychain entry
                                             whmcs-oauth / <server>/admin:<username>
  --access-key-file F  WHMCS_ACCESS_KEY_FILE $api_access_key (passes the IP allow-list), from
                                             file F; else the keychain entry <server>/accesskey
  --secret S           WHMCS_API_SECRET      the same secrets as values. On the command line
  --password P         WHMCS_PASSWORD        they are visible to other users (process list) and
  --access-key K       WHMCS_ACCESS_KEY      kept in shell history, so they print a warning;
                                             prefer the keychain, the variables or the files
  --ca-file F          WHMCS_CA_FILE         extra trusted CA certificate (PEM)
  --insecure                                 accept any certificate (self-signed test servers)
  --timeout MS                               wait at most this long for an answer (default 30000)
  --proxy URL          HTTPS_PROXY           HTTP(S) proxy; NO_PROXY lists hosts that bypass it

Which secret wins: --secret > --secret-file > WHMCS_API_SECRET > WHMCS_API_SECRET_FILE > the
keychain (the same for the password and the access key); a flag and its -file twin together are
a usage error. A file's content is the secret, less one trailing newline; a file that other users
can read is used, with a warning to chmod 600 it. Only one secret can come from standard input,
e.g. pass show whmcs/api | whmcs-oauth list --secret-file -

Secrets: list never prints client secrets. reset-secret and create store the new client secret
in the OS keychain (service whmcs-oauth, account <server>/<client identifier>) and print where;
--print-secret also writes it to stdout. If the keychain cannot be written, the secret goes to
stdout with a warning rather than being lost, and the exit code is 4.

Test Sign-In: test-sign-in proves that an authorization_code credential signs a person in with
OpenID Connect, as an application would: it prints the authorize address on stderr and opens it in
the browser (not with --no-open), waits up to --wait seconds (default 300) for the sign-in to come
back to http://127.0.0.1:<port>/whmcs-oauth/callback, exchanges the code with the client secret,
checks the ID token (signature by a key of the server's JWKS, issuer, audience, times, nonce) and
reads userinfo. It requests openid profile email, plus each --scope. The client secret is the one
in the keychain (account <server>/<client identifier>, as reset-secret and save-secret store it);
--live-secret reads the current one from WHMCS instead. The port is --port, else that of a
registered http://127.0.0.1:<port>/whmcs-oauth/callback, else a free one. The redirect URI must be
registered on the credential (unless it registers none); --register-redirect-uri adds it for the
test and removes it afterwards. The report (stdout; --json for scripts) holds claims, never a
token, a code or a secret. Exit 0 only when every check passed, 1 otherwise.

Exit codes: 0 success, 1 the server or the network failed, 2 usage, 3 the server did not store
the update as sent (see --repair), 4 new secret not stored in the keychain (printed instead),
5 a reset was sent but whether it happened is unknown: do not reset again; when the server is
reachable, run save-secret to keep whatever secret it now holds.
`;
