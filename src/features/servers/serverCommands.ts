// Add / Edit / Remove Server. A server is tested with a real ListOAuthCredentials call before it
// is saved; its secrets go to the secret store, the rest to the `whmcsOAuth.servers` setting.
import * as vscode from 'vscode';
import type { Log } from '../../host/log';
import type { SecretStores } from '../../host/secretStores';
import { serverAccountPrefix, serverKey } from '../../core/secrets/keychainLayout';
import { readServers, writeServers } from '../../host/settings';
import { describeFailure } from '../../core/failure';
import { notify, showError } from '../../host/notify';
import type { Prompts } from '../../host/prompts';
import type { ExplorerState } from '../../app/explorerState';
import type { CredentialsTreeProvider } from '../explorer/credentialsTree';
import { ownNode } from '../explorer/explorerDeps';
import { pickServer, serverOfNode } from '../explorer/picks';
import type { ServerConnections } from '../../app/serverConnections';
import { runServerInputFlow, type ServerDraft } from './serverInputFlow';
import { hostOf, newServerId, profileAccounts, type ServerProfile } from '../../app/serverProfile';

export interface ServerCommandDeps {
  state: ExplorerState;
  tree: Pick<CredentialsTreeProvider, 'own'>;
  connections: ServerConnections;
  secrets: SecretStores;
  prompts: Prompts;
  log: Log;
  /** Called after the servers setting was written. */
  onSaved: () => void;
}

export function registerServerCommands(deps: ServerCommandDeps): vscode.Disposable[] {
  return [
    // Arguments are ignored: another extension must not add a server without the person.
    vscode.commands.registerCommand('whmcsOAuth.addServer', async () => {
      const input = await runServerInputFlow();
      return input ? saveServer(deps, input, undefined, true).catch((error: unknown) => showError(deps.log, 'Could not add the server', error)) : undefined;
    }),
    vscode.commands.registerCommand('whmcsOAuth.editServer', async (argument?: unknown) => {
      const node = ownNode(deps, 'whmcsOAuth.editServer', argument);
      const server = serverOfNode(deps.state, node) ?? (await pickServer(deps.state, 'Edit Server'));
      if (!server) return;
      const input = await runServerInputFlow(server.profile);
      if (input) await saveServer(deps, input, server.profile, true).catch((error: unknown) => showError(deps.log, 'Could not save the server', error));
    }),
    vscode.commands.registerCommand('whmcsOAuth.removeServer', async (argument?: unknown) => {
      const node = ownNode(deps, 'whmcsOAuth.removeServer', argument);
      const server = serverOfNode(deps.state, node) ?? (await pickServer(deps.state, 'Remove Server'));
      if (server) await removeServer(deps, server.profile).catch((error: unknown) => showError(deps.log, 'Could not remove the server', error));
    }),
  ];
}

/** Adds a server without asking anything (the testing API): the profile, or the error. */
export function addServerFromDraft(deps: ServerCommandDeps, draft: ServerDraft): Promise<ServerProfile | undefined> {
  return saveServer(deps, draft, undefined, false);
}

/** Tests the connection, stores the secrets, then the profile. Returns the saved profile. */
async function saveServer(
  deps: ServerCommandDeps,
  draft: ServerDraft,
  existing: ServerProfile | undefined,
  interactive: boolean,
): Promise<ServerProfile | undefined> {
  const { profiles } = readServers();
  const others = profiles.filter((p) => p.id !== existing?.id);
  const profile: ServerProfile = {
    id: existing?.id ?? newServerId(draft.label || hostOf(draft.url), others),
    label: draft.label?.trim() || hostOf(draft.url),
    url: draft.url.trim(),
    auth: draft.auth,
  };
  if (draft.auth === 'apiCredential') profile.identifier = draft.identifier ?? '';
  else profile.username = draft.username ?? '';
  const accessKey = draft.accessKey === undefined && existing?.useAccessKey ? await stored(deps, profileAccounts(existing).accessKey) : draft.accessKey ?? undefined;
  if (accessKey) profile.useAccessKey = true;
  if (draft.caFile) profile.caFile = draft.caFile;
  if (draft.allowUntrustedCertificate) profile.allowUntrustedCertificate = true;
  if (draft.allowInsecureHttp) profile.allowInsecureHttp = true;

  const secret = draft.secret ?? (existing ? await stored(deps, profileAccounts(existing).authSecret) : undefined);
  if (!secret) throw new Error(`No ${profile.auth === 'apiCredential' ? 'API secret' : 'password'} was given for ${profile.label}.`);

  const tested = await testConnection(deps, profile, secret, accessKey, interactive);
  if (tested === 'cancel') return undefined;
  if (tested === 'accessKey') {
    const again = await runServerInputFlow(existing, 'accessKey', { ...draft, secret });
    return again ? saveServer(deps, again, existing, interactive) : undefined;
  }

  const accounts = profileAccounts(profile);
  for (const [account, value] of [[accounts.authSecret, secret], [accounts.accessKey, accessKey]] as const) {
    if (!value) continue;
    const kept = await deps.secrets.keep(account, value);
    if (!kept.kept) throw new Error(`The secrets of ${profile.label} could not be stored: ${kept.failures.join('; ')}`);
  }
  if (!accessKey && existing?.useAccessKey) await deps.secrets.deleteEverywhere(accounts.accessKey);
  if (existing) await forgetMovedSecrets(deps, existing, profile);

  await writeServers(existing ? profiles.map((p) => (p.id === existing.id ? profile : p)) : [...profiles, profile]);
  deps.connections.forget(profile.id);
  deps.log.info(`${existing ? 'Updated' : 'Added'} server ${profile.label} (${profile.url}).`);
  deps.onSaved();
  if (profile.allowUntrustedCertificate) {
    void notify('warning', `${profile.label} accepts any TLS certificate: use this only for a self-signed test server.`);
  }
  if (profile.allowInsecureHttp) {
    void notify('warning', `${profile.label} uses plain http: its API secret and client secrets cross the network unencrypted.`);
  }
  return profile;
}

type TestOutcome = 'ok' | 'saveAnyway' | 'accessKey' | 'cancel';

async function testConnection(
  deps: ServerCommandDeps,
  profile: ServerProfile,
  secret: string,
  accessKey: string | undefined,
  interactive: boolean,
): Promise<TestOutcome> {
  try {
    const count = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to ${profile.label}…` },
      () => deps.connections.probe(profile, secret, accessKey),
    );
    if (interactive) void notify('info', `Connected to ${profile.label}: ${count} OAuth credentials.`);
    return 'ok';
  } catch (error) {
    deps.log.error(`Connection test of ${profile.label} failed`, error);
    if (!interactive) throw error;
    const { message, hint, refusedAddress } = describeFailure(error);
    const ipError = refusedAddress !== undefined;
    const buttons = [...(ipError ? ['Enter Access Key'] : []), 'Save Anyway'];
    const detail = ipError
      ? `The server saw your address as ${refusedAddress?.ip ?? 'shown above'}. ${hint ?? ''}`
      : hint ?? '';
    const answer = await notify('error', `Could not connect to ${profile.label}: ${message}`, { modal: true, detail }, ...buttons);
    if (answer === 'Enter Access Key') return 'accessKey';
    return answer === 'Save Anyway' ? 'saveAnyway' : 'cancel';
  }
}

/** After an edit changed the URL or the user: the old accounts are no longer read. */
async function forgetMovedSecrets(deps: ServerCommandDeps, before: ServerProfile, after: ServerProfile): Promise<void> {
  const old = profileAccounts(before);
  const now = profileAccounts(after);
  if (old.authSecret !== now.authSecret) await deps.secrets.deleteEverywhere(old.authSecret);
  if (old.accessKey !== now.accessKey && before.useAccessKey) await deps.secrets.deleteEverywhere(old.accessKey);
}

async function removeServer(deps: ServerCommandDeps, profile: ServerProfile): Promise<void> {
  const { profiles } = readServers();
  const key = serverKey(profile.url);
  const sharesServer = profiles.some((p) => p.id !== profile.id && serverKey(p.url) === key);
  // Client secrets belong to the WHMCS server: kept while another profile points at it.
  const accounts = sharesServer
    ? Object.values(profileAccounts(profile))
    : [...(await deps.secrets.accountsWithStore(serverAccountPrefix(key))).keys()].filter((account) => account.slice(key.length + 1).indexOf('/') === -1);
  const store = await deps.secrets.active();
  const confirmed = await deps.prompts.confirm(
    `Remove the server "${profile.label}"?`,
    `This also deletes its ${accounts.length} secret${accounts.length === 1 ? '' : 's'} from ${store.description}${
      sharesServer ? '' : ', including any reset client secrets you have not saved elsewhere'
    }. The credentials on the WHMCS server are not touched.`,
    'Remove',
  );
  if (!confirmed) return;
  for (const account of accounts) await deps.secrets.deleteEverywhere(account);
  await writeServers(profiles.filter((p) => p.id !== profile.id));
  deps.connections.forget(profile.id);
  deps.log.info(`Removed server ${profile.label} and ${accounts.length} secrets.`);
  deps.onSaved();
}

async function stored(deps: ServerCommandDeps, account: string): Promise<string | undefined> {
  return (await deps.secrets.find(account))?.secret;
}
