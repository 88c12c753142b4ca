// The host side of the update form: one webview panel per credential (a second open reveals it),
// titled after the credential, restored after a reload by its serializer. Every message from the
// webview is validated against the protocol; anything else is rejected and logged without values.
// What the webview asks for is not trusted either: a secret reset needs the host's own modal, and
// an overwrite only replaces the version this host last answered `stale` with. "Test Sign-In…"
// tests this panel's own credential, whatever the message names.
import * as vscode from 'vscode';
import { clientSecretAccount, serverKey } from '../../core/secrets/keychainLayout';
import { STANDARD_SCOPES, type OAuthCredential } from '../../core/whmcs/types';
import type { ExplorerDeps } from '../explorer/explorerDeps';
import { rememberUnknownReset } from '../explorer/resetRecovery';
import { resetSecretQuestion } from '../explorer/resetQuestion';
import type { ServerEntry } from '../../app/explorerState';
import { keepNewClientSecret } from '../explorer/secretFlows';
import { credentialLabel, plainText } from '../explorer/treeModel';
import { describeFailure } from '../../core/failure';
import { formHtml } from './formHtml';
import { toFormCredential } from '../../shared/formModel';
import { parseFormMessage, type FormCredential, type FormMessage, type HostMessage } from '../../shared/protocol';
import { applyListsAgainSafely, sameVersion, saveCredential, type SaveDeps } from './saveFlow';
import { notify, showError } from '../../host/notify';

export const FORM_VIEW_TYPE = 'whmcsOAuth.updateForm';

/** What identifies a panel; also its persisted state for the serializer. */
export interface FormTarget {
  serverId: string;
  credentialId: number;
}

/** Runs the sign-in test of a credential (the form's "Test Sign-In…" button). */
export type TestSignIn = (target: FormTarget) => void | Promise<void>;

/**
 * Told of every message a form's host sends its webview and of each form closing. Only the
 * extension's own tests pass one (src/testing/formProbe.ts, in the test build); what ships has none.
 */
export interface FormObserver {
  answered(target: FormTarget, message: HostMessage): void;
  closed(target: FormTarget): void;
}

export class UpdateFormPanels implements vscode.WebviewPanelSerializer<unknown> {
  private readonly panels = new Map<string, UpdateFormPanel>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly deps: ExplorerDeps,
    private readonly extensionUri: vscode.Uri,
    private readonly testSignIn: TestSignIn,
    private readonly observer?: FormObserver,
  ) {
    // Every open form follows the state: a credential changed by anything else is sent to its form.
    this.subscription = deps.state.onDidChange(({ serverId, changedCredentials }) => {
      if (serverId === undefined) return;
      for (const credential of changedCredentials) this.panels.get(keyOf({ serverId, credentialId: credential.credentialId }))?.credentialChanged(credential);
    });
  }

  open(target: FormTarget): UpdateFormPanel {
    const existing = this.panels.get(keyOf(target));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(FORM_VIEW_TYPE, 'Update OAuth Credential', vscode.ViewColumn.Active, this.options());
    return this.attach(panel, target);
  }

  /** Restores a panel after VS Code reloaded; its target comes from the webview's saved state. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const target = targetOf(state);
    if (!target || this.panels.has(keyOf(target))) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel, target);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }

  private attach(panel: vscode.WebviewPanel, target: FormTarget): UpdateFormPanel {
    const form = new UpdateFormPanel(panel, target, this.deps, this.extensionUri, this.testSignIn, this.observer, () => {
      this.panels.delete(keyOf(target));
      this.observer?.closed(target);
    });
    this.panels.set(keyOf(target), form);
    return form;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }
}

interface FormRead {
  server: ServerEntry;
  credential: OAuthCredential;
  storeDescription: string;
  secretHeld: boolean;
}

export class UpdateFormPanel {
  private loaded: FormCredential | undefined;
  /** The server's version in this host's last `stale` answer (until the next load or save). */
  private staleShown: FormCredential | undefined;
  private saving: AbortController | undefined;
  /** Started with the panel, so that the server answers while the webview loads; used by the first `ready`. */
  private firstRead: Promise<FormRead | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly target: FormTarget,
    private readonly deps: ExplorerDeps,
    extensionUri: vscode.Uri,
    private readonly testSignIn: TestSignIn,
    private readonly observer: FormObserver | undefined,
    onDispose: () => void,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'whmcs.svg');
    panel.webview.html = formHtml(panel.webview, extensionUri, vscode.Uri.joinPath);
    this.firstRead = this.read();
    // Its failure is reported when the webview asks for it (as a failed load); not unhandled before.
    this.firstRead.catch(() => undefined);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.handleWebviewMessage(raw)),
      panel.onDidDispose(() => {
        this.saving?.abort();
        for (const disposable of this.disposables) disposable.dispose();
        onDispose();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** The credential changed elsewhere: the form is told (it reloads, or keeps its edits and says so). */
  credentialChanged(credential: OAuthCredential): void {
    const current = toFormCredential(credential);
    if (!this.loaded || this.saving || sameVersion(this.loaded, current)) return;
    // What the form now shows as changed is a version the person may choose to overwrite.
    this.staleShown = current;
    void this.post({ type: 'changed', credential: current });
  }

  /** A message from the webview, untrusted until the protocol accepts it. */
  handleWebviewMessage(raw: unknown): void {
    const parsed = parseFormMessage(raw, this.target.credentialId);
    if (!parsed.ok) {
      this.deps.log.warn(`Update form of credential ${this.target.credentialId}: rejected a webview message (${parsed.reason}).`);
      return;
    }
    void this.handle(parsed.message).catch((error: unknown) => {
      this.deps.log.error(`Update form of credential ${this.target.credentialId}`, error);
      const { message, hint } = describeFailure(error);
      void this.post({ type: 'saveFailed', message, hint: hint ?? '', notApplied: true });
    });
  }

  private async handle(message: FormMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'reload':
        return this.load();
      case 'save': {
        if (this.saving || !this.loaded) return;
        const controller = new AbortController();
        this.saving = controller;
        let answer: HostMessage;
        try {
          const deps = await this.saveDeps();
          const shown = { loaded: this.loaded, staleShown: this.staleShown };
          answer = await saveCredential(deps, shown, message, controller.signal, (phase) => void this.post({ type: 'saving', phase }));
        } finally {
          // Done before the answer goes out: the webview may save again as soon as it has it.
          this.saving = undefined;
        }
        await this.afterSave(answer);
        return;
      }
      case 'cancelSave':
        this.saving?.abort();
        return;
      case 'applyAgainSafely': {
        if (this.saving) return;
        this.saving = new AbortController();
        let answer: HostMessage;
        try {
          answer = await applyListsAgainSafely(await this.saveDeps(), message);
        } finally {
          this.saving = undefined;
        }
        await this.afterSave(answer);
        return;
      }
      case 'copySecret': {
        const server = this.server();
        if (!server || !this.loaded) return;
        const held = await this.deps.secrets.find(clientSecretAccount(serverKey(server.profile.url), this.loaded.clientIdentifier));
        if (!held) {
          void notify('warning', 'No client secret of this credential is held in a secret store.');
          return;
        }
        await vscode.env.clipboard.writeText(held.secret);
        await this.post({ type: 'secretCopied' });
        return;
      }
      case 'testSignIn':
        this.startTestSignIn();
        return;
    }
  }

  /**
   * Not awaited: a sign-in test waits for a browser and must not hold up the form, and its
   * failure is the test's, not a failed save. Ignored during a save (the credential is changing).
   */
  private startTestSignIn(): void {
    if (this.saving) {
      this.deps.log.info(`Update form of credential ${this.target.credentialId}: Test Sign-In ignored while saving.`);
      return;
    }
    const target = { ...this.target };
    void (async () => this.testSignIn(target))().catch((error: unknown) => showError(this.deps.log, 'Test Sign-In failed', error));
  }

  /**
   * Answers the webview's `ready` (or `reload`). The first uses the read started with the panel,
   * which ran while the webview loaded; a reload reads again.
   */
  private async load(): Promise<void> {
    const read = this.firstRead ?? this.read();
    this.firstRead = undefined;
    const result = await read;
    if (!result) {
      await this.post({ type: 'saveFailed', message: 'This server is no longer configured.', hint: 'Close this form.', notApplied: true });
      return;
    }
    const { server, credential, storeDescription, secretHeld } = result;
    this.loaded = toFormCredential(credential);
    this.staleShown = undefined;
    this.panel.title = `Edit ${credentialLabel(credential)}`;
    const status = server.status;
    const known = status.kind === 'loaded' ? status.credentials.flatMap((c) => c.scopes) : [];
    await this.post({
      type: 'load',
      serverId: this.target.serverId,
      credential: this.loaded,
      serverLabel: server.profile.label,
      scopeSuggestions: [...new Set([...STANDARD_SCOPES, ...known, ...credential.scopes])],
      storeDescription,
      secretHeld,
    });
  }

  /**
   * The credential from the server, the active store, and whether its client secret is held. The
   * secret stores are read alongside the server when the explorer already knows the client ID.
   */
  private async read(): Promise<FormRead | undefined> {
    const server = this.server();
    if (!server) return undefined;
    const account = (clientIdentifier: string) => clientSecretAccount(serverKey(server.profile.url), clientIdentifier);
    const knownId = this.deps.state.credential(this.target.serverId, this.target.credentialId)?.clientIdentifier;
    const early = knownId === undefined ? undefined : this.deps.secrets.find(account(knownId));
    const [credential, store] = await Promise.all([
      this.deps.connections.api(server.profile).then((api) => api.get(this.target.credentialId)),
      this.deps.secrets.active(),
    ]);
    const held = credential.clientIdentifier === knownId && early ? await early : await this.deps.secrets.find(account(credential.clientIdentifier));
    return { server, credential, storeDescription: store.description, secretHeld: held !== undefined };
  }

  private async afterSave(answer: HostMessage): Promise<void> {
    if (answer.type === 'stale') this.staleShown = answer.current;
    if (answer.type === 'saved') {
      this.loaded = answer.credential;
      this.staleShown = undefined;
      this.panel.title = `Edit ${plainText(answer.credential.name) || answer.credential.clientIdentifier}`;
      if (answer.secretReset?.storeDescription) this.deps.state.setSecretHeld(this.target.serverId, answer.credential.clientIdentifier, answer.secretReset.storeDescription);
      void this.deps.state.reload(this.target.serverId);
      this.deps.log.info(`Updated credential ${answer.credential.credentialId}: ${answer.sentFields.join(', ') || 'nothing changed'}${answer.secretReset ? ', secret reset' : ''}.`);
      for (const difference of answer.differences) {
        this.deps.log.warn(`Credential ${answer.credential.credentialId}: the server did not store ${difference.field} as sent (missing ${difference.missing.length}, extra ${difference.extra.length}).`);
      }
    } else if (answer.type === 'saveFailed') {
      this.deps.log.error(`Saving credential ${this.target.credentialId} failed: ${answer.message}${answer.hint ? ` (${answer.hint})` : ''}`);
    }
    await this.post(answer);
  }

  private async saveDeps(): Promise<SaveDeps> {
    const server = this.server();
    if (!server) throw new Error('This server is no longer configured.');
    return {
      api: await this.deps.connections.api(server.profile),
      keepNewSecret: (clientIdentifier, name, secret) => keepNewClientSecret(this.deps, server.profile, clientIdentifier, name, secret),
      resetOutcomeUnknown: async (fingerprint) => {
        if (this.loaded) await rememberUnknownReset(this.deps, this.target.serverId, this.loaded, fingerprint);
      },
      confirmReset: async (credential) => {
        const store = await this.deps.secrets.active();
        const question = resetSecretQuestion({
          name: credential.name,
          clientIdentifier: credential.clientIdentifier,
          serverLabel: server.profile.label,
          storeDescription: store.description,
        });
        const confirmed = await this.deps.prompts.confirm(question.message, question.detail, question.confirmLabel);
        if (!confirmed) this.deps.log.info(`Update form of credential ${credential.credentialId}: the person declined the secret reset; nothing was sent.`);
        return confirmed;
      },
    };
  }

  private server(): ServerEntry | undefined {
    return this.deps.state.server(this.target.serverId);
  }

  private post(message: HostMessage): Thenable<boolean> {
    this.observer?.answered(this.target, message);
    return this.panel.webview.postMessage(message);
  }
}

function keyOf(target: FormTarget): string {
  return `${target.serverId}:${target.credentialId}`;
}

function targetOf(state: unknown): FormTarget | undefined {
  const { serverId, credentialId } = (state ?? {}) as { serverId?: unknown; credentialId?: unknown };
  return typeof serverId === 'string' && typeof credentialId === 'number' ? { serverId, credentialId } : undefined;
}
