// Command-line parsing of `whmcs-oauth`: flags win over environment variables, and every mistake
// is a UsageError with one line saying what is wrong.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type CommandName = 'list' | 'update' | 'reset-secret' | 'save-secret' | 'create' | 'delete';
const COMMANDS: readonly CommandName[] = ['list', 'update', 'reset-secret', 'save-secret', 'create', 'delete'];

export interface ConnectionArgs {
  url: string;
  identifier: string | undefined;
  secret: string | undefined;
  username: string | undefined;
  password: string | undefined;
  accessKey: string | undefined;
  caFile: string | undefined;
  insecure: boolean;
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
    };

const OPTIONS = {
  url: { type: 'string' },
  identifier: { type: 'string' },
  secret: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'access-key': { type: 'string' },
  'ca-file': { type: 'string' },
  insecure: { type: 'boolean' },
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
    secret: values.secret ?? env['WHMCS_API_SECRET'],
    username: values.username ?? env['WHMCS_USERNAME'],
    password: values.password ?? env['WHMCS_PASSWORD'],
    accessKey: values['access-key'] ?? env['WHMCS_ACCESS_KEY'],
    caFile: values['ca-file'] ?? env['WHMCS_CA_FILE'],
    insecure: values.insecure ?? false,
    timeoutMs: timeout === undefined ? undefined : positiveInt(timeout, '--timeout'),
    proxy: values.proxy ?? env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'],
    noProxy: env['NO_PROXY'] ?? env['no_proxy'],
  };
  if (!connection.identifier && !connection.username) {
    throw new UsageError('no credentials: pass --identifier (or WHMCS_API_IDENTIFIER), or --username for an admin login');
  }

  const fields: FieldArgs = {};
  if (values.name !== undefined) fields.name = values.name;
  if (values.description !== undefined) fields.description = values.description;
  if (values['grant-type'] !== undefined && kind !== 'list') fields.grantType = values['grant-type'];
  if (values.scope !== undefined) fields.scopes = values.scope.flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
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
  };
}

function positiveInt(text: string, what: string): number {
  const value = nonNegativeInt(text, what);
  if (value === 0) throw new UsageError(`${what} must be a positive whole number, not "${text}"`);
  return value;
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

Server and authentication (flags win over the environment):
  --url URL            WHMCS_URL             the WHMCS base URL, e.g. https://billing.example.com
  --identifier ID      WHMCS_API_IDENTIFIER  API credential identifier
  --secret S           WHMCS_API_SECRET      its secret; when absent, the keychain entry
                                             whmcs-oauth / <server>/api:<identifier>
  --username U         WHMCS_USERNAME        admin login instead (password sent as md5)
  --password P         WHMCS_PASSWORD
  --access-key K       WHMCS_ACCESS_KEY      $api_access_key (passes the IP allow-list)
  --ca-file F          WHMCS_CA_FILE         extra trusted CA certificate (PEM)
  --insecure                                 accept any certificate (self-signed test servers)
  --timeout MS                               wait at most this long for an answer (default 30000)
  --proxy URL          HTTPS_PROXY           HTTP(S) proxy; NO_PROXY lists hosts that bypass it

Secrets: list never prints client secrets. reset-secret and create store the new client secret
in the OS keychain (service whmcs-oauth, account <server>/<client identifier>) and print where;
--print-secret also writes it to stdout. If the keychain cannot be written, the secret goes to
stdout with a warning rather than being lost, and the exit code is 4.

Exit codes: 0 success, 1 the server or the network failed, 2 usage, 3 the server did not store
the update as sent (see --repair), 4 new secret not stored in the keychain (printed instead),
5 a reset was sent but whether it happened is unknown: do not reset again; when the server is
reachable, run save-secret to keep whatever secret it now holds.
`;
