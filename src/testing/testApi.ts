// What the extension exports when it runs for its own extension-host tests: its state for
// inspection, and seams that answer for a person. Built only with --test-seams (the production
// bundle exports nothing), and even then only outside Production mode.
import type * as vscode from 'vscode';
import type { CredentialsTreeProvider } from '../features/explorer/credentialsTree';
import type { ExplorerState } from '../app/explorerState';
import { createCredential } from '../features/explorer/credentialActions';
import type { ExplorerDeps } from '../features/explorer/explorerDeps';
import type { UpdateFormPanels } from '../features/form/updateFormPanel';
import type { SecretStores } from '../host/secretStores';
import { addServerFromDraft, type ServerCommandDeps } from '../features/servers/serverCommands';
import type { ServerDraft } from '../features/servers/serverInputFlow';
import type { ServerProfile } from '../app/serverProfile';
import { showError, type Notice } from '../host/notify';
import type { Prompts } from '../host/prompts';
import { createInputFromDraft } from './createDraft';
import type { InjectedStoreFailures } from './storeFailures';
import type { SwitchablePrompts } from './switchablePrompts';
import type { FormProbe } from './formProbe';

export interface WhmcsOAuthApi {
  readonly tree: CredentialsTreeProvider;
  readonly state: ExplorerState;
  readonly forms: UpdateFormPanels;
  /** What each form's host sends its webview, and when it first loaded. */
  readonly formProbe: FormProbe;
  /** Where secrets are kept: tests look a secret up in each store. */
  readonly secrets: SecretStores;
  /** Every notification and modal message, as the person reads it. */
  readonly onDidShowNotice: vscode.Event<Notice>;
  /** Answers modal questions instead of a person. */
  setPromptsForTesting(prompts: Partial<Prompts>): void;
  /** Makes writes to one kind of secret store fail (undefined: work again). */
  injectSecretStoreFailureForTesting(kind: 'keychain' | 'vscode', message: string | undefined): void;
  /** Add Server with the answers given: tests the connection, stores the secrets; throws its error. */
  addServer(draft: ServerDraft): Promise<ServerProfile | undefined>;
  /** Create OAuth Credential on a server with the answers given, reporting errors as the command does. */
  createCredential(serverId: string, draft: unknown): Promise<void>;
}

export interface TestApiParts {
  explorer: ExplorerDeps;
  servers: ServerCommandDeps;
  forms: UpdateFormPanels;
  formProbe: FormProbe;
  prompts: SwitchablePrompts;
  storeFailures: InjectedStoreFailures;
  onDidShowNotice: vscode.Event<Notice>;
}

export function createTestApi(parts: TestApiParts): WhmcsOAuthApi {
  const { explorer } = parts;
  return {
    tree: explorer.tree,
    state: explorer.state,
    forms: parts.forms,
    formProbe: parts.formProbe,
    secrets: explorer.secrets,
    onDidShowNotice: parts.onDidShowNotice,
    setPromptsForTesting: (answers) => parts.prompts.set(answers),
    injectSecretStoreFailureForTesting: (kind, message) => parts.storeFailures.set(kind, message),
    addServer: (draft) => addServerFromDraft(parts.servers, draft),
    async createCredential(serverId, draft) {
      try {
        const server = explorer.state.server(serverId);
        if (!server) throw new Error(`No server ${serverId}`);
        await createCredential(explorer, server, createInputFromDraft(draft));
      } catch (error) {
        showError(explorer.log, 'Could not create credential', error);
      }
    },
  };
}
