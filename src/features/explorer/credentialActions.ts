// What the credential commands do once they know the credential: copy its secret, reset it,
// delete it, create one. Every change to the server is confirmed in a modal first.
import * as vscode from 'vscode';
import { describeFailure } from '../../core/failure';
import { clientSecretAccount, serverKey } from '../../core/secrets/keychainLayout';
import type { CreateCredentialInput } from '../../core/whmcs/oauthCredentials';
import type { ServerEntry } from '../../app/explorerState';
import { withCancellableProgress } from '../../host/progress';
import type { ExplorerDeps } from './explorerDeps';
import type { CredentialTarget } from './picks';
import { quoteText, resetSecretQuestion } from './resetQuestion';
import { rememberUnknownReset } from './resetRecovery';
import { keepNewClientSecret } from './secretFlows';
import { credentialLabel } from './treeModel';

/** Creates a credential and keeps its new secret (never lost), then shows it in the tree. */
export async function createCredential(deps: ExplorerDeps, server: ServerEntry, input: CreateCredentialInput): Promise<void> {
  const api = await deps.connections.api(server.profile);
  const created = await Promise.resolve(
    withCancellableProgress(`Creating "${input.name || input.grantType}" on ${server.profile.label}…`, (signal) => api.create(input, { signal })),
  ).catch((error: unknown) => {
    // It may have been created (the error says so): show the list as the server has it.
    if (describeFailure(error).changed === 'maybe') deps.tree.refresh(server.profile.id);
    throw error;
  });
  deps.log.info(`Created OAuth credential ${created.credentialId} (${created.clientIdentifier}) on ${server.profile.label}.`);
  await keepNewClientSecret(deps, server.profile, created.clientIdentifier, input.name || created.clientIdentifier, created.clientSecret);
  deps.tree.refresh(server.profile.id);
  await deps.state.ensureLoaded(server.profile.id);
}

export async function copyClientSecret(deps: ExplorerDeps, { server, credential }: CredentialTarget, confirmFirst: boolean): Promise<void> {
  const account = clientSecretAccount(serverKey(server.profile.url), credential.clientIdentifier);
  const held = await deps.secrets.find(account);
  if (held && confirmFirst) {
    const confirmed = await deps.prompts.confirm(
      `Copy the client secret of ${quoteText(credentialLabel(credential))} on ${server.profile.label} to the clipboard?`,
      `It is read from ${held.store.description}. Anything that can read the clipboard can then read it.`,
      'Copy Secret',
    );
    if (!confirmed) return;
  }
  let secret = held?.secret;
  if (!secret) {
    const confirmed = await deps.prompts.confirm(
      `No reset secret of ${quoteText(credentialLabel(credential))} is held in a secret store. Copy the live secret from ${server.profile.label}?`,
      'WHMCS returns the current client secret with the credential list. It is copied to the clipboard, not shown.',
      'Copy Live Secret',
    );
    if (!confirmed) return;
    const api = await deps.connections.api(server.profile);
    secret = await withCancellableProgress(`Reading the client secret from ${server.profile.label}…`, (signal) =>
      api.readClientSecret(credential.credentialId, { signal }),
    );
  }
  await vscode.env.clipboard.writeText(secret);
  vscode.window.setStatusBarMessage(
    `$(check) Copied the client secret of ${credentialLabel(credential)}${held ? ` from ${held.store.description}` : ' from the server'}`,
    4000,
  );
}

export async function resetClientSecret(deps: ExplorerDeps, { server, credential }: CredentialTarget): Promise<void> {
  const name = credentialLabel(credential);
  const store = await deps.secrets.active();
  const question = resetSecretQuestion({
    name: credential.name,
    clientIdentifier: credential.clientIdentifier,
    serverLabel: server.profile.label,
    storeDescription: store.description,
  });
  const confirmed = await deps.prompts.confirm(question.message, question.detail, question.confirmLabel);
  if (!confirmed) return;
  const api = await deps.connections.api(server.profile);
  try {
    const result = await withCancellableProgress(`Resetting the client secret of "${name}"…`, (signal) =>
      api.resetSecret(credential, { signal }),
    );
    if (result.recoveredSecret) deps.log.warn(`The reset answer for credential ${credential.credentialId} was lost; the new secret was read back from the server.`);
    const kept = await keepNewClientSecret(deps, server.profile, credential.clientIdentifier, name, result.newClientSecret);
    deps.state.setSecretHeld(server.profile.id, credential.clientIdentifier, kept.storeDescription);
    // Read again in the background: an open form of this credential learns of the reset.
    void deps.state.reload(server.profile.id);
  } catch (error) {
    const outcome = describeFailure(error).resetOutcomeUnknown;
    if (!outcome) throw error;
    deps.log.error(`Reset of credential ${credential.credentialId} has an unknown outcome`, error);
    await rememberUnknownReset(deps, server.profile.id, { ...credential, name }, outcome.previousSecretFingerprint);
  }
}

export async function deleteCredential(deps: ExplorerDeps, { server, credential }: CredentialTarget): Promise<void> {
  const name = credentialLabel(credential);
  const confirmed = await deps.prompts.confirm(
    `Delete the OAuth credential ${quoteText(name)} from ${server.profile.label}?`,
    `Applications using client ID ${credential.clientIdentifier} stop working. This cannot be undone.`,
    'Delete',
  );
  if (!confirmed) return;
  const api = await deps.connections.api(server.profile);
  await withCancellableProgress(`Deleting "${name}"…`, (signal) => api.delete(credential.credentialId, { signal }));
  deps.log.info(`Deleted OAuth credential ${credential.credentialId} (${credential.clientIdentifier}) on ${server.profile.label}.`);
  await deps.secrets.deleteEverywhere(clientSecretAccount(serverKey(server.profile.url), credential.clientIdentifier));
  deps.tree.refresh(server.profile.id);
}

