// "WHMCS: Test Sign-In..." from the palette, the tree and the update form, and what the report's
// buttons do: run again, or apply the one fix it offers (each change to WHMCS asked in a modal).
import * as vscode from 'vscode';
import { clientSecretAccount, serverKey } from '../../core/secrets/keychainLayout';
import { SecretStoreError } from '../../core/secrets/secretStore';
import type { SignInReport } from '../../core/oidc/signInReport';
import { loadOidc } from '../../host/lazyOidc';
import { notify, showError } from '../../host/notify';
import type { ExplorerNode } from '../explorer/credentialsTree';
import { ownNode } from '../explorer/explorerDeps';
import { pickCredential, targetOfNode, type CredentialTarget } from '../explorer/picks';
import { quoteText } from '../explorer/resetQuestion';
import { credentialLabel } from '../explorer/treeModel';
import { fixIsAction } from './reportHtml';
import { SignInReportPanels } from './reportPanel';
import { removeRemainingTestRedirects, runTestSignIn, type SignInDeps } from './signInFlow';

export interface SignInCommands {
  /** Test Sign-In of a credential known to the explorer (the update form's button). */
  testSignIn(serverId: string, credentialId: number): Promise<void>;
  disposables: vscode.Disposable[];
}

export function registerSignInCommands(deps: SignInDeps, extensionUri: vscode.Uri): SignInCommands {
  const reports = new SignInReportPanels(extensionUri, deps.log);
  const running = new Set<string>();

  const run = async (target: CredentialTarget, extraScopes?: readonly string[]): Promise<void> => {
    const key = `${target.server.profile.id}#${target.credential.credentialId}`;
    if (running.has(key)) {
      void notify('info', `A Test Sign-In of ${quoteText(credentialLabel(target.credential))} is already waiting for the browser.`);
      return;
    }
    running.add(key);
    let result: Awaited<ReturnType<typeof runTestSignIn>>;
    try {
      await removeRemainingTestRedirects(deps);
      result = await runTestSignIn(deps, target, extraScopes ? { extraScopes } : {});
    } finally {
      running.delete(key);
    }
    if (!result) return;
    const { report } = result;
    reports.show(key, { report, serverLabel: target.server.profile.label, canRunAgain: true }, (message) => {
      const fresh = current(deps, target);
      if (!fresh) return;
      const again = message.type === 'runAgain' ? run(fresh, result.extraScopes) : applyFix(deps, fresh, report, result.extraScopes, run);
      void again.catch((error: unknown) => showError(deps.log, 'Test Sign-In failed', error));
    });
  };

  const testSignIn = async (serverId: string, credentialId: number) => {
    const server = deps.state.server(serverId);
    const credential = deps.state.credential(serverId, credentialId);
    if (!server || !credential) return;
    try {
      await run({ server, credential });
    } catch (error) {
      showError(deps.log, 'Test Sign-In failed', error);
    }
  };

  const disposables = [
    { dispose: () => reports.dispose() },
    vscode.commands.registerCommand('whmcsOAuth.testSignIn', async (argument?: unknown) => {
      try {
        const node: ExplorerNode | undefined = ownNode(deps, 'whmcsOAuth.testSignIn', argument);
        const target =
          targetOfNode(deps.state, node) ?? (node ? undefined : await pickCredential(deps.state, (id) => deps.state.ensureLoaded(id), 'Test Sign-In'));
        if (target) await run(target);
      } catch (error) {
        showError(deps.log, 'Test Sign-In failed', error);
      }
    }),
  ];
  // A redirect URI left by a test that could not clean up (a crash, a failed removal).
  if (deps.redirects.toRemove().length > 0) void removeRemainingTestRedirects(deps);
  return { testSignIn, disposables };
}

/** The credential as the explorer knows it now (a fix or a run may have changed it). */
function current(deps: SignInDeps, target: CredentialTarget): CredentialTarget | undefined {
  const server = deps.state.server(target.server.profile.id);
  const credential = deps.state.credential(target.server.profile.id, target.credential.credentialId);
  return server && credential ? { server, credential } : undefined;
}

async function applyFix(
  deps: SignInDeps,
  target: CredentialTarget,
  report: SignInReport,
  extraScopes: readonly string[],
  run: (target: CredentialTarget, extraScopes?: readonly string[]) => Promise<void>,
): Promise<void> {
  const fix = report.failure?.fix;
  if (!fix || !fixIsAction(fix)) return;
  const { server, credential } = target;
  const name = quoteText(credentialLabel(credential));
  if (fix.kind === 'removeScope') {
    await run(target, fix.value ? extraScopes.filter((scope) => scope !== fix.value) : []);
    return;
  }
  const api = await deps.connections.api(server.profile);
  if (fix.kind === 'registerRedirectUri' && fix.value) {
    const uri = fix.value;
    const confirmed = await deps.prompts.confirm(
      `Register ${uri} on ${name} for good?`,
      'It stays registered after the test, beside the redirect URIs already there, so that Test Sign-In can use it without asking.',
      'Register',
    );
    if (!confirmed) return;
    await loadOidc().addRedirectUri(api, credential, uri);
    await deps.state.reload(server.profile.id);
  } else if (fix.kind === 'storeCurrentSecret') {
    const confirmed = await deps.prompts.confirm(
      `Read the current client secret of ${name} from ${server.profile.label} and store it?`,
      'The secret held here is not the one WHMCS has (it was reset since). The current one replaces it in the secret store; it is not shown.',
      'Store Current Secret',
    );
    if (!confirmed) return;
    const secret = await api.readClientSecret(credential.credentialId);
    const kept = await deps.secrets.keep(clientSecretAccount(serverKey(server.profile.url), credential.clientIdentifier), secret);
    if (!kept.kept) {
      // Nothing is lost: WHMCS still has it, and this fix can be run again.
      throw new SecretStoreError('failed', `The current client secret could not be stored: ${kept.failures.join('; ')}`, 'Check the secret store (see the log), then choose the fix again.');
    }
    deps.state.setSecretHeld(server.profile.id, credential.clientIdentifier, kept.store.description);
    deps.log.info(`Stored the current client secret of credential ${credential.clientIdentifier} in ${kept.store.description}.`);
  }
  const fresh = current(deps, target) ?? target;
  await run(fresh, extraScopes);
}
