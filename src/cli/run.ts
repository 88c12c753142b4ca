// `whmcs-oauth` over the same core and keychain layout as the extension. Returns the exit code;
// all output goes through the given streams so tests can run it in-process or as a process.
import { readFile } from 'node:fs/promises';
import { HELP, parseCommandLine, UsageError, type Command, type ParsedCommand } from './args';
import { EXIT } from './exitCodes';
import { credentialsTable, describe } from './output';
import type { CliIo } from './cliIo';
import { WhmcsClient, type WhmcsAuth } from '../core/whmcs/client';
import { ResetOutcomeUnknownError } from '../core/whmcs/errors';
import { OAuthCredentialsApi } from '../core/whmcs/oauthCredentials';
import { InvalidServerUrlError, isInsecureHttp, secureApiEndpoint } from '../core/whmcs/serverUrl';
import type { CredentialFields } from '../core/whmcs/types';
import type { SecretStore } from '../core/secrets/secretStore';
import { adminPasswordAccount, apiSecretAccount, accessKeyAccount, clientSecretAccount, serverKey } from '../core/secrets/keychainLayout';
import { argvWarning, readSecret, type SecretSource } from './secretSources';
import { testSignIn } from './testSignIn';
import type { TransportOptions } from '../core/whmcs/transport';

export { EXIT } from './exitCodes';

export type { CliIo } from './cliIo';


export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommandLine(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`whmcs-oauth: ${error.message}\n`);
    return EXIT.usage;
  }
  if (command.kind === 'help') {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (command.kind === 'version') {
    io.stdout(`${io.version}\n`);
    return EXIT.ok;
  }
  const { secret, password, accessKey } = command.connection;
  for (const source of [secret, password, accessKey]) {
    const warning = argvWarning(source);
    if (warning) io.stderr(`whmcs-oauth: ${warning}\n`);
  }
  let client: WhmcsClient | undefined;
  try {
    const connected = await connect(command, io);
    client = connected.client;
    const api = new OAuthCredentialsApi(client);
    if (command.kind === 'test-sign-in') return await testSignIn(command, api, connected.transport, io);
    return await execute(command, api, io);
  } catch (error) {
    io.stderr(`whmcs-oauth: ${describe(error)}\n`);
    if (error instanceof ResetOutcomeUnknownError) return EXIT.resetUnknown;
    return error instanceof UsageError || error instanceof InvalidServerUrlError ? EXIT.usage : EXIT.failed;
  } finally {
    await client?.close();
  }
}

async function connect(command: Command, io: CliIo): Promise<{ client: WhmcsClient; transport: TransportOptions }> {
  const { connection } = command;
  // The URL first: a server that must not receive a secret gets none read for it, from the
  // keychain, a file or standard input.
  const endpoint = secureApiEndpoint(connection.url, connection.allowInsecureHttp);
  if (isInsecureHttp(endpoint)) {
    io.stderr(`whmcs-oauth: WARNING: plain http to ${endpoint.host} (--allow-insecure-http): the credentials and every answer cross the network unencrypted.\n`);
  }
  const key = serverKey(connection.url);
  const read = (source: SecretSource) =>
    readSecret(source, { readStdin: io.readStdin, warn: (line) => io.stderr(`whmcs-oauth: ${line}\n`), platform: process.platform });
  const auth = await authFor(connection, key, io, read);
  const accessKey = connection.accessKey ? await read(connection.accessKey) : await optionalKeychainValue(io, accessKeyAccount(key));
  const caPem = connection.caFile ? await readFile(connection.caFile, 'utf8').catch(() => {
    throw new UsageError(`cannot read the CA file ${connection.caFile}`);
  }) : undefined;
  const transport: TransportOptions = {
    tls: { caPem, allowUntrustedCertificate: connection.insecure },
    timeouts: connection.timeoutMs ? { headersMs: connection.timeoutMs, bodyMs: connection.timeoutMs } : undefined,
    proxy: connection.proxy ? { url: connection.proxy, noProxy: connection.noProxy } : undefined,
  };
  const client = new WhmcsClient({
    baseUrl: connection.url,
    auth,
    accessKey,
    userAgent: `whmcs-oauth-cli/${io.version}`,
    allowInsecureHttp: connection.allowInsecureHttp,
    ...transport,
  });
  return { client, transport };
}

async function authFor(
  connection: Command['connection'],
  key: string,
  io: CliIo,
  read: (source: SecretSource) => Promise<string>,
): Promise<WhmcsAuth> {
  if (connection.identifier) {
    const account = apiSecretAccount(key, connection.identifier);
    const secret = connection.secret ? await read(connection.secret) : await optionalKeychainValue(io, account);
    if (!secret) {
      throw new UsageError(
        `no API secret: store it in the keychain as ${account} (service whmcs-oauth), set WHMCS_API_SECRET_FILE or WHMCS_API_SECRET, or pass --secret-file`,
      );
    }
    return { kind: 'apiCredential', identifier: connection.identifier, secret };
  }
  const username = connection.username ?? '';
  const account = adminPasswordAccount(key, username);
  const password = connection.password ? await read(connection.password) : await optionalKeychainValue(io, account);
  if (!password) {
    throw new UsageError(
      `no admin password: store it in the keychain as ${account} (service whmcs-oauth), set WHMCS_PASSWORD_FILE or WHMCS_PASSWORD, or pass --password-file`,
    );
  }
  return { kind: 'adminLogin', username, password };
}

/** A keychain value that may be absent; a broken keychain only matters when nothing else was given. */
async function optionalKeychainValue(io: CliIo, account: string): Promise<string | undefined> {
  try {
    return await io.secretStore().get(account);
  } catch {
    return undefined;
  }
}

async function execute(command: Command, api: OAuthCredentialsApi, io: CliIo): Promise<number> {
  const print = (value: unknown, text: string) => io.stdout(command.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  const id = command.credentialId ?? 0;
  switch (command.kind) {
    case 'list': {
      const credentials = await api.list({ grantType: command.grantTypeFilter });
      print(credentials, credentials.length ? credentialsTable(credentials) : 'No OAuth credentials.');
      return EXIT.ok;
    }
    case 'update': {
      const desired: Partial<CredentialFields> = { ...command.fields };
      if (command.clearRedirectUris) desired.redirectUris = [];
      const current = await api.get(id);
      let result = await api.update(current, desired);
      if (result.differences.length && command.repair && result.readBack) {
        result = await api.applyListsAgainSafely(result.readBack, pickLists(desired));
      }
      const summary = result.sentFields.length
        ? `Updated credential ${id}: ${result.sentFields.join(', ')}.`
        : `Credential ${id} already has these values; nothing sent.`;
      print({ ...result, readBack: undefined, credential: result.readBack }, summary);
      if (result.differences.length === 0) return EXIT.ok;
      for (const d of result.differences) {
        io.stderr(
          `whmcs-oauth: the server did not store ${d.field} as sent${d.missing.length ? `; missing: ${d.missing.join(' ')}` : ''}${d.extra.length ? `; still there: ${d.extra.join(' ')}` : ''}${command.repair ? '' : ' (run again with --repair to apply it in an order the server keeps)'}\n`,
        );
      }
      return EXIT.notAsSent;
    }
    case 'reset-secret': {
      const current = await api.get(id);
      const { newClientSecret, recoveredSecret } = await api.resetSecret(current);
      if (recoveredSecret) io.stderr('whmcs-oauth: the answer was lost, but the reset happened; the new secret was read back from the server.\n');
      return keepSecret(command, io, current.clientIdentifier, id, newClientSecret, 'reset');
    }
    case 'save-secret': {
      const current = await api.get(id);
      const secret = await api.readClientSecret(id);
      return keepSecret(command, io, current.clientIdentifier, id, secret, 'saved');
    }
    case 'create': {
      const created = await api.create({ ...command.fields, grantType: command.fields.grantType ?? '', scopes: command.fields.scopes ?? [] });
      return keepSecret(command, io, created.clientIdentifier, created.credentialId, created.clientSecret, 'created');
    }
    case 'delete': {
      await api.delete(id);
      print({ credentialId: id, deleted: true }, `Deleted credential ${id}.`);
      return EXIT.ok;
    }
    case 'test-sign-in':
      throw new TypeError('test-sign-in is run by testSignIn');
  }
}

/** Stores a secret WHMCS will not show again; if the keychain fails, prints it rather than lose it. */
async function keepSecret(
  command: Command,
  io: CliIo,
  clientIdentifier: string,
  credentialId: number,
  secret: string,
  what: 'reset' | 'saved' | 'created',
): Promise<number> {
  const account = clientSecretAccount(serverKey(command.connection.url), clientIdentifier);
  const verb = { reset: 'New client secret of', saved: 'Client secret of', created: 'Created' }[what];
  let store: SecretStore | undefined;
  try {
    store = io.secretStore();
    await store.set(account, secret);
  } catch (error) {
    io.stderr(
      `whmcs-oauth: WARNING: the client secret could not be stored in the keychain (${describe(error)}). It is printed below; save it now, WHMCS will not show it again.\n`,
    );
    io.stdout(command.json ? `${JSON.stringify({ credentialId, clientIdentifier, stored: false, clientSecret: secret })}\n` : `${secret}\n`);
    return EXIT.secretNotStored;
  }
  const where = { store: store.description, service: 'whmcs-oauth', account };
  if (command.json) {
    io.stdout(`${JSON.stringify({ credentialId, clientIdentifier, stored: true, ...where, ...(command.printSecret ? { clientSecret: secret } : {}) }, null, 2)}\n`);
  } else {
    const message = `${verb} credential ${credentialId} (${clientIdentifier}) stored in ${store.description}: service "whmcs-oauth", account "${account}".\n`;
    if (command.printSecret) {
      io.stderr(message);
      io.stdout(`${secret}\n`);
    } else {
      io.stdout(message);
    }
  }
  return EXIT.ok;
}

function pickLists(desired: Partial<CredentialFields>): Pick<Partial<CredentialFields>, 'scopes' | 'redirectUris'> {
  const lists: Pick<Partial<CredentialFields>, 'scopes' | 'redirectUris'> = {};
  if (desired.scopes) lists.scopes = desired.scopes;
  if (desired.redirectUris) lists.redirectUris = desired.redirectUris;
  return lists;
}
